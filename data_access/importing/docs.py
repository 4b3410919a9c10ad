"""docs/import.md's canonical-columns section, rendered from the import-kind registry.

After changing a kind, rewrite it with ``python -m data_access.importing.docs``; ``--check``
only says (exit 1) whether docs/import.md differs from the registry.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data_access.importing.aliases import listed_aliases, norm
from data_access.importing.kinds import KINDS, ImportKind
from domain.i18n import translate

DOC = Path(__file__).resolve().parents[2] / "docs" / "import.md"
BEGIN = ("<!-- generated from data_access/importing/kinds.py by `python -m data_access.importing.docs`: "
         "change the registry, not this section -->")
END = "<!-- end of the generated section -->"


def kind_markdown(spec: ImportKind) -> str:
    """A kind's heading, the table of its fields (label in both languages, other headers) and its notes."""
    lines = [f"### {spec.key} — {spec.label('uk')}", ""]
    if spec.fields:
        listed = listed_aliases(spec.headers, spec.key)
        lines += ["| field | meaning (uk / en) | also accepted headers |", "| --- | --- | --- |"]
        for f in spec.fields:
            others = ", ".join(alias for field, alias in listed if field == f.name and norm(alias) != norm(f.name))
            label = " / ".join(translate(f"imp.field.{f.name}", lang) for lang in ("uk", "en"))
            lines.append(f"| `{f.name}`{' *' if f.required else ''} | {label} | {others} |")
        lines.append("")
    lines.append(" ".join(line.strip() for line in spec.doc.strip().splitlines()))
    return "\n".join(lines)


def canonical_columns() -> str:
    """The section for every kind of the registry, in its order."""
    return "\n\n".join(kind_markdown(spec) for spec in KINDS.values())


def with_canonical_columns(text: str) -> str:
    """``text`` (docs/import.md) with the section between BEGIN and END rendered anew."""
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n\n{canonical_columns()}\n\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_access.importing.docs", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check: exit 1 when docs/import.md is out of date")
    args = parser.parse_args(argv)
    text = DOC.read_text(encoding="utf-8")
    new = with_canonical_columns(text)
    if new == text:
        print("docs/import.md is up to date")
        return 0
    if args.check:
        print("docs/import.md is out of date: run python -m data_access.importing.docs")
        return 1
    DOC.write_text(new, encoding="utf-8")
    print("docs/import.md: canonical columns rewritten from the registry")
    return 0


if __name__ == "__main__":
    sys.exit(main())
