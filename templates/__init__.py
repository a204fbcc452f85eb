"""pmokit's default PowerPoint and Word templates; a PMO passes its own with ``--template``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def path(name: str) -> Path:
    """The packaged default template called ``name`` (``deck.pptx``, ``charter.docx``, ``plan.docx``)."""
    return Path(str(resources.files(__name__) / name))
