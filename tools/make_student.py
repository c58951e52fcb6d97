"""Generate the student edition, notebooks/student/NN_*.ipynb, from the sources notebooks/NN_*.ipynb
(the sources are the instructor edition). Run it as `make student`.

Cell tags in a source notebook (a list of strings; at most one of these per cell, no others):

  solution    a code cell with the code the student writes. Each top-level function keeps its
              decorators, its signature, its docstring and its comment lines (the hints); its code
              becomes raise NotImplementedError("..."), on lines of its own even when the source
              is a one-line def. A top-level assignment keeps its names and drops its value:
              `a, (b, *c) = ...` and `a = b = ...` become `a = b = c = ...`, `x: T = v` becomes
              `x: T = ...` and `x: T` stays. Anything else (other statements, assignments to
              attributes or items, async defs, code that does not parse) is an error naming the
              notebook, the cell and the line: it would leak or would not run.
  answer      a markdown answer to the question above it; becomes "Your answer:" (attachments
              dropped).
  instructor  any cell; dropped from the student edition.
  test        a code cell of assertions that guard the numbers the text states; dropped from the
              student edition. In the sources its input is collapsed (metadata
              jupyter.source_hidden), so the instructor edition reads as a lecture too, and nbval
              still runs it. An assert in any other code cell is an error: it would reach the
              student edition as test bookkeeping.

Every other cell is copied as it is, markdown and raw cells with their attachments. Outputs,
execution counts and all cell metadata (tags included; no widget state) are cleared. Errors
(ValueError) name the notebook and the cell.

Sources must be nbformat 4; they are read as they are (nbformat.read would give a cell without an
id a random one). The student edition has the nbformat version of its source: from 4.5 on its
cells keep their ids (a cell without one gets "cell-<index in the source>"); a 4.0-4.4 notebook
has no cell ids, so neither has its student edition. nbformat validates both, and the output
stays deterministic.

A stub raises only when it is called, and the checks (nl.exercises) catch that and say "not done
yet", so Run All on the student edition never stops and no cell needs a raises-exception tag (a
decorator that calls the function while defining it would break this). The output depends only
on the sources, so tests/test_editions.py compares the committed edition byte for byte with a
fresh run.

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
SOURCE_TAGS = {"solution", "answer", "instructor", "test"}
YOUR_ANSWER = "**Your answer:**\n\n*(double-click here and write it)*"
STUB_RAISE = ('raise NotImplementedError("{}: not written yet; write it here, then run the '
              'check below")')


def sources():
    """The source notebooks, in course order."""
    return sorted(SOURCE_DIR.glob("[0-9][0-9]_*.ipynb"))


def tags_of(cell):
    """The tags of a cell, as a list."""
    return list(cell.get("metadata", {}).get("tags", []))


def source_tag(cell, where):
    """The one source tag of a cell ("solution", "answer", "instructor", "test") or None;
    ValueError if its tags are not valid."""
    tags = cell.get("metadata", {}).get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise ValueError(f"{where}: tags must be a list of strings, not {tags!r}")
    unknown = set(tags) - SOURCE_TAGS
    if unknown:
        raise ValueError(f"{where}: unknown tags {sorted(unknown)}; allowed {sorted(SOURCE_TAGS)}")
    if len(set(tags)) > 1:
        raise ValueError(f"{where}: tags {sorted(set(tags))} together; a cell is a solution, an "
                         f"answer, instructor-only or a test, not more than one")
    tag = tags[0] if tags else None
    if tag == "solution" and cell.cell_type != "code":
        raise ValueError(f"{where}: a solution cell must be a code cell, not {cell.cell_type}")
    if tag == "answer" and cell.cell_type != "markdown":
        raise ValueError(f"{where}: an answer cell must be a markdown cell, not {cell.cell_type}")
    if tag == "test" and cell.cell_type != "code":
        raise ValueError(f"{where}: a test cell must be a code cell, not {cell.cell_type}")
    if tag == "test" and not cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
        raise ValueError(f"{where}: a test cell must have its input collapsed in the sources "
                         f"(metadata jupyter.source_hidden: true; in JupyterLab: View > Collapse "
                         f"Selected Code)")
    if tag is None and cell.cell_type == "code" and _has_assert(cell.source):
        raise ValueError(f"{where}: an assert in a cell that students get; tag the cell test "
                         f"(or move the assert into one)")
    return tag


def _has_assert(source):
    """True if the code has an assert statement (IPython's %magic and !shell lines aside)."""
    lines = ["pass" if line.lstrip().startswith(("%", "!")) else line
             for line in source.splitlines()]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return False  # not Python: nbval and the kernel report it
    return any(isinstance(node, ast.Assert) for node in ast.walk(tree))


def _is_docstring(node):
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str))


class _SolutionCell:
    """The source of a solution cell, to turn into the student's version (see `student_code`)."""

    def __init__(self, source, where):
        self.source = source.replace("\r\n", "\n").replace("\r", "\n")  # lines as ast counts them
        self.lines = self.source.split("\n")
        self.where = where
        try:
            self.tree = ast.parse(self.source)
        except SyntaxError as error:
            raise self.error(error.lineno, f"not valid Python ({error.msg})") from None
        self.comments = {}               # {line number (1-based): comment text}
        for token in tokenize.generate_tokens(io.StringIO(self.source).readline):
            if token.type == tokenize.COMMENT:
                self.comments[token.start[0]] = token.string

    def error(self, line_no, message):
        return ValueError(f"{self.where}, line {line_no}: {message}")

    def is_comment_line(self, line_no):
        """Whether the line holds a comment and nothing else (a # in a string is no comment)."""
        comment = self.comments.get(line_no)
        return comment is not None and self.lines[line_no - 1].strip() == comment.strip()

    def first_line(self, node):
        """The line a statement starts on: that of the @ of its first decorator, if it has any."""
        decorators = getattr(node, "decorator_list", [])
        line_no = decorators[0].lineno if decorators else node.lineno
        while decorators and not self.lines[line_no - 1].lstrip().startswith("@"):
            line_no -= 1                 # a decorator in parentheses: @(\n  name)
        return line_no

    def student_code(self):
        """The student's version of the cell (see the module docstring)."""
        out, line_no = [], 1
        for node in self.tree.body:
            start = self.first_line(node)
            out += self.comments_and_blanks(line_no, start)
            if isinstance(node, ast.FunctionDef):
                stub = self.function_stub(node, start)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                stub = self.assignment_stub(node)
            else:
                raise self.error(node.lineno, "only functions (def) and assignments may be in a "
                                 f"solution cell, not {self.lines[node.lineno - 1].strip()!r}")
            try:
                compile("\n".join(stub), self.where, "exec")
            except SyntaxError:
                raise self.error(node.lineno, "cannot turn this into a stub that runs") from None
            out += stub
            line_no = node.end_lineno + 1
        out += self.comments_and_blanks(line_no, len(self.lines) + 1)
        return "\n".join(out).rstrip() + "\n"

    def comments_and_blanks(self, first, end):
        """The lines from `first` to before `end` that are blank or comments."""
        return [self.lines[i - 1] for i in range(first, end)
                if not self.lines[i - 1].strip() or self.is_comment_line(i)]

    def function_stub(self, node, start):
        """Decorators, signature, docstring and comment lines of a function (`start`: its first
        line); its code becomes a raise."""
        first = node.body[0]
        code_from = self.first_line(first)
        first_text = self.lines[first.lineno - 1].encode()     # ast columns count UTF-8 bytes
        before_body = first_text[:first.col_offset].decode()
        if before_body.strip():          # a one-line def: `def f(x): body`
            out = self.lines[start - 1:first.lineno - 1] + [before_body.rstrip()]
            indent = "    "
        else:
            out = self.lines[start - 1:code_from - 1]
            indent = before_body
        if _is_docstring(first):
            after = self.lines[first.end_lineno - 1].encode()[first.end_col_offset:].decode()
            comment = after if after.strip().startswith("#") else ""   # drop `; more code`
            out += (indent + ast.get_source_segment(self.source, first) + comment).split("\n")
            code_from = first.end_lineno + 1
        out += [indent + self.lines[i - 1].strip() for i in range(code_from, node.end_lineno + 1)
                if self.is_comment_line(i)]
        return out + [indent + STUB_RAISE.format(node.name)]

    def assignment_stub(self, node):
        """`a = b = ...` for the names an assignment assigns (with its annotation, if it has one,
        and the comment at its end)."""
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = list(dict.fromkeys(name for target in targets for name in self.names(target)))
        if isinstance(node, ast.Assign):
            text = " = ".join(names) + " = ..."
        else:
            text = f"{names[0]}: {ast.unparse(node.annotation)}" + (" = ..." if node.value else "")
        comment = self.comments.get(node.end_lineno)
        return [text + (f"  {comment}" if comment else "")]

    def names(self, target):
        """The names an assignment target binds."""
        if isinstance(target, ast.Name):
            return [target.id]
        if isinstance(target, ast.Starred):
            return self.names(target.value)
        if isinstance(target, (ast.Tuple, ast.List)):
            return [name for element in target.elts for name in self.names(element)]
        raise self.error(target.lineno, f"assigns to {ast.unparse(target)!r}; a solution cell "
                         "may assign only to names")


def student_code(source, where="solution cell"):
    """The student's version of a solution cell (see the module docstring); ValueError naming
    `where` and the line for a cell that cannot become a safe stub."""
    return _SolutionCell(source, where).student_code()


def student_cell(cell, tag, where):
    """The student's version of a cell that is not instructor-only (with a random id, for the
    caller to replace)."""
    if tag == "solution":
        return nbformat.v4.new_code_cell(student_code(cell.source, where).rstrip("\n"))
    if tag == "answer":
        return nbformat.v4.new_markdown_cell(YOUR_ANSWER)
    if cell.cell_type == "code":
        return nbformat.v4.new_code_cell(cell.source)
    new = (nbformat.v4.new_markdown_cell(cell.source) if cell.cell_type == "markdown"
           else nbformat.v4.new_raw_cell(cell.source))
    if "attachments" in cell:
        new["attachments"] = cell["attachments"]
    return new


def student_notebook(nb, name="notebook"):
    """The student edition of one source notebook (a new notebook object)."""
    if nb.nbformat != 4:
        raise ValueError(f"{name}: nbformat {nb.nbformat}; only nbformat 4 is supported")
    with_ids = nb.nbformat_minor >= 5
    cells, cell_of_id = [], {}
    for i, cell in enumerate(nb.cells):
        where = f"{name} cell {i}" + (f" (id {cell['id']})" if "id" in cell else "")
        tag = source_tag(cell, where)
        if tag in ("instructor", "test"):
            continue
        new = student_cell(cell, tag, where)
        del new["id"]
        if with_ids:
            new["id"] = cell.get("id", f"cell-{i}")
            if new["id"] in cell_of_id:
                raise ValueError(f"{where}: the id {new['id']!r} is also that of cell "
                                 f"{cell_of_id[new['id']]}")
            cell_of_id[new["id"]] = i
        cells.append(new)
    student = nbformat.v4.new_notebook()
    student.cells = cells
    student.metadata = {k: nb.metadata[k] for k in ("kernelspec", "language_info")
                        if k in nb.metadata}
    student.nbformat, student.nbformat_minor = nb.nbformat, nb.nbformat_minor
    return student


def render(path):
    """The text of the student edition of the source notebook at `path`."""
    # read as it is: nbformat.read would give a cell without an id a random one
    nb = nbformat.reader.reads(path.read_text(encoding="utf-8"))
    student = student_notebook(nb, path.name)
    try:
        nbformat.validate(student)
    except nbformat.ValidationError as error:
        raise ValueError(f"{path.name}: the student edition would not be a valid notebook: "
                         f"{error.message}") from None
    text = nbformat.writes(student)
    return text if text.endswith("\n") else text + "\n"


def main(argv):
    check = "--check" in argv
    out_dir = Path(argv[argv.index("--out") + 1]) if "--out" in argv else STUDENT_DIR
    out_dir.mkdir(exist_ok=True)
    differ = []
    for path in sources():
        target = out_dir / path.name
        try:
            text = render(path)
        except ValueError as error:
            print(f"make_student: {error}", file=sys.stderr)
            return 2
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
