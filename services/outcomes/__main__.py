"""`python -m services.outcomes`: migrate, then serve."""

from services.outcomes.app import DEFINITION
from shared.serve import serve_service

if __name__ == "__main__":
    serve_service(DEFINITION)
