"""Makes the chart font: Noto Sans SC (SIL OFL 1.1) cut down to the characters a /stats chart can contain.

The full font comes from a package registry, e.g. the npm package @expo-google-fonts/noto-sans-sc
(`npm pack @expo-google-fonts/noto-sans-sc@0.4.3`, file package/400Regular/NotoSansSC_400Regular.ttf, its licence
package/LICENSE_FONT). Run again whenever a chart label gains a character (tests/test_stats_chart_font.py says so):

    python scripts/make_chart_font.py path/to/NotoSansSC_400Regular.ttf path/to/LICENSE_FONT

The subset is renamed (the OFL asks modified versions not to pose as the original) and written with its licence
to bot/assets/fonts/.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.services.stats_chart import FONT_FILE, chart_characters

FAMILY = "Noto Sans SC Chart Subset"


def main(source: str, licence: str) -> None:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chart_characters())
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(FAMILY.replace(" ", ""), 6, record.platformID, record.platEncID, record.langID)
    FONT_FILE.parent.mkdir(parents=True, exist_ok=True)
    font.save(FONT_FILE)
    shutil.copyfile(licence, FONT_FILE.parent / "OFL.txt")
    print(f"{FONT_FILE}: {len(chart_characters())} characters, {FONT_FILE.stat().st_size} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:3])
