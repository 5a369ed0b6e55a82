"""`python -m services.portal`: migrate the portal's database, then serve it on port 8000."""

from services.portal.app import MIGRATIONS, create_app
from shared.migrations import upgrade
from shared.serve import serve_app
from shared.settings import load_settings

if __name__ == "__main__":
    settings = load_settings()
    if settings.migrate_on_start:
        upgrade(MIGRATIONS, settings.database_url_for("portal"))
    serve_app("portal", create_app)
