"""Generate the student edition, notebooks/student/NN_*.ipynb, from the sources notebooks/NN_*.ipynb
(the sources are the instructor edition). Run it as `make student`.

Cell tags in a source notebook:

  solution    code the student writes. Each top-level function keeps its signature, its docstring
              and its comment lines (the hints); its code becomes
              raise NotImplementedError("..."). A top-level assignment keeps its name and becomes
              `name = ...`. Anything else in a solution cell is an error (it would leak).
  answer      a markdown answer to the question above it; becomes "Your answer:".
  instructor  dropped from the student edition.

Every other cell is copied as it is. Outputs, execution counts and all cell metadata (tags
included; no widget state) are cleared; cells keep their ids. A stub raises only when it is
called, and the checks (nl.exercises) catch that and say "not done yet", so Run All on the student
edition never stops and no cell needs a raises-exception tag. The output depends only on the
sources, so tests/test_editions.py compares the committed edition byte for byte with a fresh run.

    python tools/make_student.py [--check] [--out DIR]
        --check  report where notebooks/student differs from a fresh generation, write nothing
        --out    write into DIR instead of notebooks/student
"""

import ast
import io
import sys
import tokenize
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "notebooks"
STUDENT_DIR = SOURCE_DIR / "student"
SOURCE_TAGS = {"solution", "answer", "instructor"}
YOUR_ANSWER = "**Your answer:**\n\n*(double-click here and write it)*"


def sources():
    """The source notebooks, in course order."""
    return sorted(SOURCE_DIR.glob("[0-9][0-9]_*.ipynb"))


def tags_of(cell):
    return list(cell.get("metadata", {}).get("tags", []))


def _comments(source):
    """{line number (1-based): comment text} of every comment in the code."""
    found = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            found[tok.start[0]] = tok.string
    return found


def _stub_function(node, lines, start, where):
    """Signature, docstring and comment lines of a function (from line ``start``, 1-based: its
    first decorator or the def); its code becomes a raise."""
    body = node.body
    first = body[0]
    has_doc = (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
               and isinstance(first.value.value, str))
    head_end = first.end_lineno if has_doc else first.lineno - 1   # signature (+ docstring)
    out = lines[start - 1:head_end]
    if not has_doc and len(body) == 1 and first.lineno == node.lineno:
        raise ValueError(f"{where}: write the body of {node.name} on its own lines")
    indent = " " * first.col_offset
    for line in lines[head_end:node.end_lineno]:
        if line.strip().startswith("#"):
            out.append(indent + line.strip())
    out.append(f'{indent}raise NotImplementedError("{node.name}: not written yet; '
               f'write it here, then run the check below")')
    return out


def student_code(source, where="solution cell"):
    """The student's version of a solution cell (see the module docstring)."""
    tree = ast.parse(source)
    lines = source.splitlines()
    comments = _comments(source)
    out, line_no = [], 1
    for node in tree.body:
        start = (node.decorator_list[0].lineno if getattr(node, "decorator_list", None)
                 else node.lineno)
        out += lines[line_no - 1:start - 1]              # comments and blank lines between
        if isinstance(node, ast.FunctionDef):
            out += _stub_function(node, lines, start, where)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = " = ".join(ast.get_source_segment(source, t) for t in targets)
            comment = comments.get(node.end_lineno)
            out.append(f"{names} = ..." + (f"  {comment}" if comment else ""))
        else:
            raise ValueError(f"{where}: only functions and assignments may be in a solution "
                             f"cell (line {node.lineno}: {lines[node.lineno - 1].strip()!r})")
        line_no = node.end_lineno + 1
    out += lines[line_no - 1:]
    return "\n".join(out).rstrip() + "\n"


def student_notebook(nb, name="notebook"):
    """The student edition of one source notebook (a new notebook object)."""
    cells = []
    for i, cell in enumerate(nb.cells):
        tags = tags_of(cell)
        where = f"{name} cell {i} ({cell.get('id')})"
        unknown = set(tags) - SOURCE_TAGS
        if unknown:
            raise ValueError(f"{where}: unknown tags {sorted(unknown)}; allowed {sorted(SOURCE_TAGS)}")
        if "instructor" in tags:
            continue
        if "solution" in tags and "answer" in tags:
            raise ValueError(f"{where}: a cell is either a solution or an answer, not both")
        source = cell.source
        if "solution" in tags:
            if cell.cell_type != "code":
                raise ValueError(f"{where}: a solution cell must be a code cell")
            source = student_code(cell.source, where).rstrip("\n")
        elif "answer" in tags:
            if cell.cell_type != "markdown":
                raise ValueError(f"{where}: an answer cell must be a markdown cell")
            source = YOUR_ANSWER
        if cell.cell_type == "code":
            new = nbformat.v4.new_code_cell(source)
        elif cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(source)
        else:
            new = nbformat.v4.new_raw_cell(source)
        new["id"] = cell["id"]
        new.metadata = {}
        cells.append(new)
    student = nbformat.v4.new_notebook()
    student.cells = cells
    student.metadata = {k: nb.metadata[k] for k in ("kernelspec", "language_info")
                        if k in nb.metadata}
    student.nbformat, student.nbformat_minor = nb.nbformat, nb.nbformat_minor
    return student


def render(path):
    """The text of the student edition of the source notebook at `path`."""
    nb = nbformat.read(path, as_version=4)
    text = nbformat.writes(student_notebook(nb, path.name))
    return text if text.endswith("\n") else text + "\n"


def main(argv):
    check = "--check" in argv
    out_dir = Path(argv[argv.index("--out") + 1]) if "--out" in argv else STUDENT_DIR
    out_dir.mkdir(exist_ok=True)
    differ = []
    for path in sources():
        target = out_dir / path.name
        text = render(path)
        if check:
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                differ.append(target)
        else:
            target.write_bytes(text.encode("utf-8"))           # LF on every system
            print(f"wrote {target}")
    if differ:
        print("the student edition differs from the sources; run `make student`:")
        for target in differ:
            print(f"  {target}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
