"""`python -m services.notifications`: migrate, then serve."""

from services.notifications.app import DEFINITION
from shared.serve import serve_service

if __name__ == "__main__":
    serve_service(DEFINITION)
