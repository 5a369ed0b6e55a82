"""`python -m services.feedback`: migrate, then serve."""

from services.feedback.app import DEFINITION
from shared.serve import serve_service

if __name__ == "__main__":
    serve_service(DEFINITION)
