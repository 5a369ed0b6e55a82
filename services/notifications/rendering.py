"""Plain-English messages from Jinja2 templates; an easy-read variant where the person asked.

A template's first line is the subject and the rest its body. Autoescape is off because these
are plain text; the email channel escapes what it puts into HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


@cache
def _environment() -> Environment:
    return Environment(  # noqa: S701 (plain text, never HTML)
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=False,
    )


def render(name: str, *, easy_read: bool = False, **values: Any) -> Rendered:
    """The easy-read variant `<name>.easy.txt.j2` when asked for and there is one."""
    environment = _environment()
    template = None
    if easy_read:
        try:
            template = environment.get_template(f"{name}.easy.txt.j2")
        except TemplateNotFound:
            template = None
    if template is None:
        template = environment.get_template(f"{name}.txt.j2")
    text = template.render(easy_read=easy_read, **values).strip("\n")
    subject, _, body = text.partition("\n")
    return Rendered(subject=subject.strip(), body=body.strip("\n") + "\n")
