"""HTTP routes: they parse, call a use case and answer."""

from services.notifications.api.agency_inbox import router as agency_inbox_router
from services.notifications.api.disclosures import router as disclosures_router
from services.notifications.api.messages import router as messages_router
from services.notifications.api.sharing_log import router as sharing_log_router
from services.notifications.api.staff import router as staff_router

ROUTERS = (
    disclosures_router,
    agency_inbox_router,
    sharing_log_router,
    messages_router,
    staff_router,
)
