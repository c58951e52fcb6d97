"""The licences and the citation: code under BSD-3-Clause (LICENSE), course text and figures under
CC BY 4.0 (LICENSE-CONTENT); pyproject.toml and CITATION.cff say the same, and every notebook of
both editions ends with the licence footer, whose links lead to the licence files."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.version import Version

import neurolab

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
REPOSITORY = PYPROJECT["project"]["urls"]["Repository"].rstrip("/")
FOOTER_ID = "licence-footer"
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")


def words(path: Path) -> str:
    """The text of a file with every run of whitespace made one space (licence texts are wrapped
    differently in different copies)."""
    return " ".join(path.read_text(encoding="utf-8").split())


# ------------------------------------------------------------------------ the licence files

def test_license_is_the_bsd_3_clause_text_with_our_copyright():
    text = words(REPO / "LICENSE")
    assert text.startswith("BSD 3-Clause License Copyright (c) 2026, the neurolab authors ")
    for sentence in [
        "Redistribution and use in source and binary forms, with or without modification, are "
        "permitted provided that the following conditions are met:",
        "1. Redistributions of source code must retain the above copyright notice, this list of "
        "conditions and the following disclaimer.",
        "2. Redistributions in binary form must reproduce the above copyright notice, this list "
        "of conditions and the following disclaimer in the documentation and/or other materials "
        "provided with the distribution.",
        "3. Neither the name of the copyright holder nor the names of its contributors may be "
        "used to endorse or promote products derived from this software without specific prior "
        "written permission.",
        'THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY '
        "EXPRESS OR IMPLIED WARRANTIES,",
        "IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, "
        "INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES",
    ]:
        assert sentence in text, sentence
    assert text.endswith("EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.")
    assert "[" not in text, "a template field ([year], [fullname], ...) was left in LICENSE"


def test_license_content_says_what_it_covers_and_holds_the_cc_by_4_0_legal_code():
    text = words(REPO / "LICENSE-CONTENT")
    # the legal code starts with its title and a line of "="
    preamble, legal_code = text.split("Attribution 4.0 International =", 1)
    for covered in ["notebooks", "docs/", "README.md", "LICENSE", "BSD 3-Clause",
                    "neurolab authors, https://github.com/neurolab-course/neurolab, CC BY 4.0"]:
        assert covered in preamble, covered
    assert REPOSITORY in preamble
    for sentence in [
        "Creative Commons Attribution 4.0 International Public License",
        "By exercising the Licensed Rights (defined below), You accept and agree to be bound by "
        "the terms and conditions of this Creative Commons Attribution 4.0 International Public "
        'License ("Public License").',
        "the Licensor hereby grants You a worldwide, royalty-free, non-sublicensable, "
        "non-exclusive, irrevocable license to exercise the Licensed Rights in the Licensed "
        "Material to:",
        "If You Share the Licensed Material (including in modified form), You must:",
        "Creative Commons may be contacted at creativecommons.org.",
    ] + [f"Section {n} -- {title}." for n, title in enumerate(
            ["Definitions", "Scope", "License Conditions", "Sui Generis Database Rights",
             "Disclaimer of Warranties and Limitation of Liability", "Term and Termination",
             "Other Terms and Conditions", "Interpretation"], start=1)]:
        assert sentence in legal_code, sentence
    assert "ShareAlike" not in text and "NonCommercial" not in text and "NoDerivatives" not in text


# ---------------------------------------------------------------- pyproject and the citation

def test_pyproject_names_the_code_licence_and_both_licence_files():
    project = PYPROJECT["project"]
    assert project["license"] == "BSD-3-Clause"
    assert project["license-files"] == ["LICENSE", "LICENSE-CONTENT"]
    assert all((REPO / name).is_file() for name in project["license-files"])
    assert "License ::" not in " ".join(project.get("classifiers", [])), \
        "PEP 639: no licence classifier next to a licence expression"
    setuptools = [Requirement(r) for r in PYPROJECT["build-system"]["requires"]
                  if Requirement(r).name == "setuptools"]
    assert setuptools, "setuptools missing from [build-system] requires"
    # PEP 639's license and license-files need setuptools 77
    assert not setuptools[0].specifier.contains(Version("76.1")), setuptools[0]


def test_citation_cff_names_this_version_licence_and_repository():
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["message"] and cff["title"]
    assert cff["authors"] and all("name" in a or "family-names" in a for a in cff["authors"])
    assert str(cff["version"]) == neurolab.__version__
    assert cff["license"] == PYPROJECT["project"]["license"] == "BSD-3-Clause"
    assert cff["repository-code"].rstrip("/") == REPOSITORY
    datetime.date.fromisoformat(str(cff["date-released"]))


def test_readme_names_both_licences():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "BSD-3-Clause" in readme and "CC BY 4.0" in readme, \
        "README.md needs a Licence section naming BSD-3-Clause (code) and CC BY 4.0 (text)"


# ------------------------------------------------------------------ the notebooks' footers

def notebooks() -> list[Path]:
    return sorted((REPO / "notebooks").glob("*.ipynb")) + \
        sorted((REPO / "notebooks" / "student").glob("*.ipynb"))


def link_target(notebook: Path, url: str) -> Path:
    """The file of this repository a footer link leads to: a path relative to the notebook, or
    this repository's (pyproject.toml) blob URL on main."""
    if re.match(r"[a-z]+:", url):
        prefix = f"{REPOSITORY}/blob/main/"
        assert url.startswith(prefix), f"{notebook.name}: {url} is not a file of {REPOSITORY}"
        return REPO / url[len(prefix):]
    return (notebook.parent / url).resolve()


@pytest.mark.parametrize("notebook", notebooks(), ids=lambda p: str(p.relative_to(REPO)))
def test_notebook_ends_with_the_licence_footer_whose_links_resolve(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    last = cells[-1]
    assert last["cell_type"] == "markdown" and last.get("id") == FOOTER_ID, \
        f"{notebook.name}: the last cell must be the markdown cell {FOOTER_ID!r}"
    assert last["metadata"] == {}
    assert sum(c.get("id") == FOOTER_ID for c in cells) == 1
    source = "".join(last["source"])
    assert "the neurolab authors" in source
    links = dict(LINK.findall(source))
    assert set(links) == {"CC BY 4.0", "BSD-3-Clause"}, links
    assert link_target(notebook, links["CC BY 4.0"]) == REPO / "LICENSE-CONTENT"
    assert link_target(notebook, links["BSD-3-Clause"]) == REPO / "LICENSE"
    for url in links.values():
        assert link_target(notebook, url).is_file(), url
