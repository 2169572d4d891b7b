"""Hall of Fame certificates as PDF (fpdf2), landscape A4 or Letter.

Names may be in any script, so the certificate uses Unicode fonts found on the
machine (Noto Sans, with Noto Sans Telugu and Noto Sans CJK as fallbacks, or
DejaVu Sans) and HarfBuzz text shaping. Debian/Ubuntu: ``fonts-noto-core`` and
``fonts-noto-cjk``. Without any of them the core PDF font is used and
characters it cannot show are replaced.
"""
import os
from functools import lru_cache
from pathlib import Path

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from fpdf import FPDF

from portal.stories.markdown import plain_excerpt
from portal.hall_of_fame.models import Induction

# (family, file name, index in a font collection)
MAIN_FONTS = (("NotoSans", "NotoSans-Regular.ttf", 0), ("DejaVuSans", "DejaVuSans.ttf", 0))
FALLBACK_FONTS = (("NotoSansTelugu", "NotoSansTelugu-Regular.ttf", 0),
                  ("NotoSansCJKsc", "NotoSansCJK-Regular.ttc", 2))
GOLD, BROWN, INK = (180, 120, 20), (120, 53, 15), (28, 25, 23)


def _font_dirs() -> list[Path]:
    configured = current_app.config.get("CERTIFICATE_FONT_DIRS") or ""
    dirs = [Path(part) for part in configured.split(os.pathsep) if part]
    return dirs + [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts"]


@lru_cache(maxsize=32)
def _find(file_name: str, dirs: tuple[Path, ...]) -> str | None:
    for folder in dirs:
        if folder.is_dir():
            for path in folder.rglob(file_name):
                return str(path)
    return None


def _setup_fonts(pdf: FPDF) -> str | None:
    """Register the fonts found; returns the main family, or None for the core font."""
    dirs = tuple(_font_dirs())
    main = None
    for family, file_name, index in MAIN_FONTS:
        path = _find(file_name, dirs)
        if path:
            pdf.add_font(family, "", path, collection_font_number=index)
            main = family
            break
    if main is None:
        return None
    fallbacks = []
    for family, file_name, index in FALLBACK_FONTS:
        path = _find(file_name, dirs)
        if path:
            pdf.add_font(family, "", path, collection_font_number=index)
            fallbacks.append(family)
    if fallbacks:
        pdf.set_fallback_fonts(fallbacks, exact_match=False)
    pdf.set_text_shaping(True)
    return main


def _core_safe(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def _story_line(induction: Induction) -> str:
    first = plain_excerpt(induction.story.body, 160)
    for mark in (". ", "。", "! "):
        if mark in first:
            return first.split(mark)[0] + mark.strip()
    return first


def certificate_pdf(name: str, induction: Induction, paper: str = "A4") -> bytes:
    """The certificate of ``name``, inducted for ``induction``'s category and year."""
    pdf = FPDF(orientation="landscape", unit="mm", format=paper)
    pdf.set_auto_page_break(False)
    pdf.set_title(_("Service Stars certificate"))
    pdf.set_author("Service Stars")
    pdf.add_page()
    family = _setup_fonts(pdf)
    text = (lambda value: value) if family else _core_safe
    family = family or "helvetica"
    width, height = pdf.w, pdf.h

    pdf.set_draw_color(*GOLD)
    pdf.set_line_width(2.2)
    pdf.rect(10, 10, width - 20, height - 20)
    pdf.set_line_width(0.6)
    pdf.rect(15, 15, width - 30, height - 30)

    def line(value: str, size: float, color=INK, gap: float = 4):
        pdf.set_font(family, size=size)
        pdf.set_text_color(*color)
        pdf.set_x(25)
        pdf.multi_cell(width - 50, size * 0.5, text(value), align="C")
        pdf.ln(gap)

    campaign = induction.campaign
    pdf.set_y(32)
    line("★ Service Stars ★", 16, GOLD, 6)
    line(_("Certificate of Recognition"), 30, BROWN, 8)
    line(_("This certifies that"), 14, INK, 3)
    line(name, 34, INK, 6)
    line(_("was inducted into the Service Stars Hall of Fame for"), 14, INK, 3)
    line(induction.category.display_name, 22, BROWN, 4)
    line(_("Customer Service Week %(year)d", year=campaign.year), 16, INK, 2)
    if campaign.theme:
        line(f"“{campaign.theme}”", 13, GOLD, 4)
    pdf.set_y(height - 62)
    line(f"“{_story_line(induction)}”", 11, INK, 6)
    line(format_date(campaign.announce_at, "long"), 11, (87, 83, 78), 0)
    return bytes(pdf.output())
