"""`python -m services.portal`: serve the portal on port 8000."""

from services.portal.app import create_app
from shared.serve import serve_app

if __name__ == "__main__":
    serve_app("portal", create_app)
