"""Reading a local copy of github.com/darmat1/ukraine-geo-data (OSM-derived GeoJSON, ODbL): a
checked-out folder (with or without its ``geodata/`` level) or the repository's bare git folder.

File names are slugs of the Ukrainian names (the repository's README):
``<oblast>.<raion>.geojson`` holds the hromada polygons of a raion (property ``katotth``),
``<oblast>.<raion>.<hromada>.geojson`` the settlement polygons and admin-centre points inside a
hromada. Nothing here goes to the internet.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

SOURCE_NAME = "github.com/darmat1/ukraine-geo-data"
CREDIT = "© OpenStreetMap contributors, ODbL"
LICENCE = ("Open Database License (ODbL) 1.0, https://opendatacommons.org/licenses/odbl/1-0/ — "
           "data © OpenStreetMap contributors, https://www.openstreetmap.org/copyright")

# The repository's slug table (README, "Transliteration rules"): not the official
# transliteration (й -> y, ї -> yi everywhere), only the way its files are named.
_SLUG = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ж": "zh", "з": "z",
         "и": "y", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
         "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
         "щ": "shch", "ь": "", "ю": "yu", "я": "ya", "'": "", "ʼ": "", "’": ""}


def slug(text: str) -> str:
    """A name as the repository spells it in file names: «Київська область» -> kyyivska_oblast."""
    out = "".join(_SLUG.get(ch, ch) for ch in text.lower())
    return re.sub(r"_+", "_", re.sub(r"[^a-z0-9]", "_", out)).strip("_")


class GeoSourceError(Exception):
    """The copy is missing or does not hold the files asked for (message says which)."""


@dataclass(frozen=True)
class GeoSource:
    """A local copy of the repository. ``path``: a folder with the ``*.geojson`` files, a folder
    with ``geodata/`` inside, or a bare git folder (read with ``git show HEAD:geodata/…``)."""

    path: Path

    @property
    def _is_git(self) -> bool:
        return (self.path / "HEAD").is_file() and (self.path / "objects").is_dir()

    def _files_dir(self) -> Path:
        return self.path / "geodata" if (self.path / "geodata").is_dir() else self.path

    def names(self) -> list[str]:
        """The GeoJSON file names the copy holds (without folder)."""
        if not self.path.exists():
            raise GeoSourceError(f"no boundary source at {self.path}")
        if self._is_git:
            out = self._git("ls-tree", "--name-only", "HEAD", "geodata/")
            return [line.removeprefix("geodata/") for line in out.splitlines() if line.endswith(".geojson")]
        return sorted(p.name for p in self._files_dir().glob("*.geojson"))

    def read(self, name: str) -> dict:
        """One file as parsed GeoJSON."""
        if self._is_git:
            text = self._git("show", f"HEAD:geodata/{name}")
        else:
            path = self._files_dir() / name
            if not path.is_file():
                raise GeoSourceError(f"{name} is not in {self.path}")
            text = path.read_text(encoding="utf-8")
        return json.loads(text)

    def revision(self) -> str | None:
        """The commit of a git copy (for the SOURCE note), else None."""
        return self._git("rev-parse", "HEAD").strip() if self._is_git else None

    def _git(self, *args: str) -> str:
        try:
            done = subprocess.run(["git", f"--git-dir={self.path}", *args], capture_output=True, text=True,
                                  check=True, timeout=60)
        except (subprocess.CalledProcessError, FileNotFoundError, subprocess.TimeoutExpired) as exc:
            raise GeoSourceError(f"cannot read {' '.join(args[-1:])} from the git copy {self.path}: {exc}") from exc
        return done.stdout


def find_hromada(source: GeoSource, code: str, *, oblast_uk: str, raion_uk: str) -> tuple[str, dict, str | None]:
    """The raion file name, the hromada's outline feature (property ``katotth`` == ``code``) and
    the hromada file name (None when the copy has no settlement file for it).
    ``oblast_uk``/``raion_uk``: the codifier's names («Київська», «Бучанський»)."""
    names = source.names()
    raion_file = f"{slug(oblast_uk + ' область')}.{slug(raion_uk + ' район')}.geojson"
    candidates = [raion_file] if raion_file in names else [
        n for n in names if n.count(".") == 2 and n.startswith(slug(oblast_uk + " область") + ".")]
    for name in candidates:
        for feature in source.read(name).get("features", []):
            props = feature.get("properties") or {}
            if props.get("katotth") == code and (feature.get("geometry") or {}).get("type") in ("Polygon",
                                                                                                "MultiPolygon"):
                hromada_file = f"{name.removesuffix('.geojson')}.{slug(props.get('name', ''))}.geojson"
                return name, feature, hromada_file if hromada_file in names else None
    raise GeoSourceError(f"no outline with katotth={code} in {', '.join(candidates) or 'the copy'} ({source.path})")
