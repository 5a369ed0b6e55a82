"""Who may see the board report, and for which agencies (pure).

The report holds figures only, never a record, but exact small numbers about one agency can
still point at a person, so access follows the roles that need it:

- board analysts and safeguarding leads report on the partnership: every agency together, or
  any one agency;
- a manager sees their own agency's figures only (asking for every agency means their own);
- practitioners, administrators and the system do not see it.
"""

from __future__ import annotations

from fastapi import status

from shared.auth import Actor, Role
from shared.http.errors import DomainRuleBroken

PARTNERSHIP_ROLES = frozenset({Role.BOARD_ANALYST, Role.SAFEGUARDING_LEAD})


class ReportNotAllowed(DomainRuleBroken):
    status_code = status.HTTP_403_FORBIDDEN


def report_scope(actor: Actor, agency_id: str | None) -> str | None:
    """The agency the actor's report covers (None: every agency), or ReportNotAllowed."""
    if actor.role in PARTNERSHIP_ROLES:
        return agency_id
    if actor.role is Role.MANAGER:
        if agency_id not in (None, actor.agency_id):
            raise ReportNotAllowed(
                "A manager sees the report for their own agency only.", field="agency"
            )
        return actor.agency_id
    raise ReportNotAllowed(
        "The board report is for board analysts, safeguarding leads and managers.", field=None
    )
