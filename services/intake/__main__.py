"""`python -m services.intake`: migrate, then serve on port 8001."""

from services.intake.app import DEFINITION
from shared.serve import serve_service

if __name__ == "__main__":
    serve_service(DEFINITION)
