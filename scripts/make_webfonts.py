"""Regenerate the site's Korean web fonts (book/_static/fonts/*.woff2) from NanumGothic.

Readers' machines may have no Korean font, so the site ships its own: NanumGothic (SIL OFL 1.1) as
installed by koreanize-matplotlib, cut down to the 2,350 common Hangul syllables of KS X 1001, Hangul
jamo, Latin and common symbols, without hinting (browsers draw Hangul well unhinted), as WOFF2.
Python's euc_kr codec also writes the other 8,822 syllables, as 8-byte jamo sequences, so a
syllable is in KS X 1001 when it encodes to exactly two bytes. tests/test_pages.py checks that every Hangul
syllable the book uses is in the cut. Needs fonttools and brotli (`pip install fonttools brotli`).

    python scripts/make_webfonts.py
"""
from pathlib import Path

import koreanize_matplotlib
from fontTools import subset
from fontTools.ttLib import TTFont

from book_config import FONTS_DIR

SOURCE = Path(koreanize_matplotlib.__file__).parent / "fonts"
TARGET = FONTS_DIR
RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x22FF), (0x2460, 0x24FF),
          (0x2500, 0x25FF), (0x3000, 0x303F), (0x3130, 0x318F), (0xFF00, 0xFFEF)]


def wanted_codepoints() -> set[int]:
    chars = {cp for lo, hi in RANGES for cp in range(lo, hi + 1)}
    for cp in range(0xAC00, 0xD7A4):  # Hangul syllables: keep the KS X 1001 (EUC-KR) ones
        if len(chr(cp).encode("euc_kr")) == 2:
            chars.add(cp)
    return chars


def main() -> None:
    for name in ("NanumGothic", "NanumGothicBold"):
        font = TTFont(SOURCE / f"{name}.ttf")
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        options.hinting = False
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(wanted_codepoints() & set(font.getBestCmap())))
        subsetter.subset(font)
        font.flavor = "woff2"
        font.save(TARGET / f"{name}.woff2")
        print(TARGET / f"{name}.woff2")


if __name__ == "__main__":
    main()
