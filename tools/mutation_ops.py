"""The mutation operators of tools/mutate.py: small edits of one function's syntax tree, each a
plausible slip (a wrong operator, constant, key, bound or argument; a statement or term left out).

``generate(source, name, minimum)`` gives the distinct mutants of the function ``name`` defined in
``source``. The operators come in levels: level 0 always, the broader variants of level 1 and 2
only while a function has fewer than ``minimum`` mutants (a one-line function needs them).
"""

import ast
import copy
import hashlib
import warnings
from dataclasses import dataclass

import neurolab as nl

#: Keys of the parameter dicts that measure the same thing: a key may be swapped for another of
#: its groups. Each function's keys are read in the first parameter family holding them all.
UNIT_GROUPS = [
    {"E_L", "V_th", "V_reset", "V_init"},          # LIF voltages
    {"tau_m", "tref", "dt", "T", "tau_ou"},        # LIF times
    {"E_L", "V_T", "V_r", "V_spike", "V_init"},    # AdEx voltages
    {"tau_w", "dt", "tref", "T"},                  # AdEx times
    {"C"},                                         # capacitance
    {"g_L", "a"},                                  # AdEx conductances
    {"E_Na", "E_K", "E_L"},                        # HH reversal potentials
    {"gbar_Na", "gbar_K", "g_L"},                  # HH conductances
]
FAMILIES = [set(nl.default_pars()), set(nl.adex_pars()), set(nl.hh_pars())]

SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
           ast.Mod: "%", ast.Pow: "**", ast.MatMult: "@", ast.BitAnd: "&", ast.BitOr: "|",
           ast.BitXor: "^", ast.LShift: "<<", ast.RShift: ">>", ast.Lt: "<", ast.LtE: "<=",
           ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=", ast.Is: "is",
           ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in", ast.And: "and", ast.Or: "or"}
BINOP_SWAPS = {ast.Add: [ast.Sub], ast.Sub: [ast.Add], ast.Mult: [ast.Div],
               ast.Div: [ast.Mult, ast.FloorDiv], ast.FloorDiv: [ast.Div], ast.Mod: [ast.FloorDiv],
               ast.Pow: [ast.Mult], ast.MatMult: [ast.Mult], ast.BitAnd: [ast.BitOr],
               ast.BitOr: [ast.BitAnd], ast.BitXor: [ast.BitOr]}
#: level 1: any of these for any other
NUMERIC_OPS = [ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow]
COMPARE_SWAPS = {ast.Lt: [ast.LtE, ast.Gt], ast.LtE: [ast.Lt, ast.GtE], ast.Gt: [ast.GtE, ast.Lt],
                 ast.GtE: [ast.Gt, ast.LtE], ast.Eq: [ast.NotEq], ast.NotEq: [ast.Eq],
                 ast.Is: [ast.IsNot], ast.IsNot: [ast.Is], ast.In: [ast.NotIn],
                 ast.NotIn: [ast.In]}
BOUNDED_CALLS = {"range", "arange"}


@dataclass(frozen=True)
class Mutant:
    id: str            # exercise name + 10 hex digits of the source's sha1
    exercise: str
    operator: str
    line: int          # within the function, its def line being 1
    description: str   # "line 3: `<` → `<=`"
    source: str        # ast.unparse of the mutated function


@dataclass
class Site:
    """One node of the function, where it hangs in its parent, and the context operators need."""
    node: ast.AST
    parent: ast.AST
    field: str
    index: int | None
    keys: dict         # string key -> the keys it may be swapped for
    names: list        # the function's parameters and local variables
    returned: bool     # node is an element of a returned tuple


def _text(node, limit=40):
    text = ast.unparse(node).split("\n")[0]
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _change(old, new):
    return f"`{_text(old)}` → `{_text(new)}`"


def _swap(old, new, node, suffix=""):
    """"`<` → `<=` in `v < V_th`": an operator swapped in ``node``."""
    return f"`{SYMBOLS[type(old)]}{suffix}` → `{SYMBOLS[new]}{suffix}` in `{_text(node)}`"


def _with(node, **fields):
    """A shallow copy of ``node`` with some fields replaced."""
    new = copy.copy(node)
    for key, value in fields.items():
        setattr(new, key, value)
    return new


def _number(value):
    """A constant as a node; a negative one as unary minus, so that it unparses in parentheses."""
    if isinstance(value, float):
        value = float(f"{value:.12g}")
    if value < 0:
        return ast.UnaryOp(ast.USub(), ast.Constant(-value))
    return ast.Constant(value)


def _shifted(node, delta):
    """``node`` + delta, folded into a constant or a trailing ``± constant`` where there is one."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return _number(node.value + delta)
    if (isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub))
            and isinstance(node.right, ast.Constant) and type(node.right.value) is int):
        total = node.right.value * (1 if isinstance(node.op, ast.Add) else -1) + delta
        if total == 0:
            return node.left
        return ast.BinOp(node.left, ast.Add() if total > 0 else ast.Sub(), ast.Constant(abs(total)))
    return ast.BinOp(node, ast.Add() if delta > 0 else ast.Sub(), ast.Constant(abs(delta)))


def _call_name(call):
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)


def _is_docstring(node):
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str))


# --- the operators: each takes a Site and yields (replacement node, what changed) -----------

def op_arith(site):
    """Arithmetic and bitwise operator swaps, also in augmented assignments (+= ↔ -=)."""
    node = site.node
    if isinstance(node, (ast.BinOp, ast.AugAssign)):
        eq = "=" if isinstance(node, ast.AugAssign) else ""
        for new in BINOP_SWAPS.get(type(node.op), []):
            yield _with(node, op=new()), _swap(node.op, new, node, eq)


def op_arith_all(site):
    """Level 1: an arithmetic operator replaced by every other one."""
    node = site.node
    if isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in NUMERIC_OPS:
        eq = "=" if isinstance(node, ast.AugAssign) else ""
        for new in NUMERIC_OPS:
            if new is not type(node.op) and new not in BINOP_SWAPS[type(node.op)]:
                yield _with(node, op=new()), _swap(node.op, new, node, eq)


def op_compare(site):
    """Comparison swaps (< ↔ <=, < ↔ >, == ↔ !=, ...), and ↔ or, `not` (or `~`) dropped."""
    node = site.node
    if isinstance(node, ast.Compare):
        for i, cmp in enumerate(node.ops):
            for new in COMPARE_SWAPS.get(type(cmp), []):
                ops = node.ops[:i] + [new()] + node.ops[i + 1:]
                yield _with(node, ops=ops), _swap(cmp, new, node)
    elif isinstance(node, ast.BoolOp):
        new = ast.Or if isinstance(node.op, ast.And) else ast.And
        yield _with(node, op=new()), _swap(node.op, new, node)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.Invert)):
        yield node.operand, f"`{'not' if isinstance(node.op, ast.Not) else '~'}` dropped"


def _perturbed(value):
    if type(value) is bool:
        return [not value]
    if type(value) is int:
        return [value + 1, value - 1, 2 * value, value // 2, 0, -value]
    if type(value) is float:
        return [value + 1, value - 1, 2 * value, value / 2, 0.0, -value, value * 1.1]
    return []


def _constants(node, values):
    if isinstance(node, ast.Constant):
        for value in values(node.value):
            if value != node.value or type(value) is not type(node.value):
                new = _number(value)
                yield new, _change(node, new)


def op_constant(site):
    """A number perturbed: c+1, c-1, 2c, c/2 (c//2 for an int), 0, -c, and 1.1c for a float;
    a bool flipped."""
    yield from _constants(site.node, _perturbed)


def op_constant_more(site):
    """Level 1: an int c → 1.1c, c+2."""
    yield from _constants(site.node, lambda v: [v * 1.1, v + 2] if type(v) is int else [])


def op_key(site):
    """A string key swapped for another key of the same unit (pars["E_L"] → pars["V_th"])."""
    node = site.node
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        for other in site.keys.get(node.value, []):
            new = ast.Constant(other)
            yield new, _change(node, new)


def op_statement(site):
    """A statement dropped (replaced by `pass`); docstrings are kept."""
    node = site.node
    if isinstance(node, ast.stmt) and not isinstance(node, ast.Pass) and not _is_docstring(node):
        yield ast.Pass(), f"`{_text(node)}` dropped"


def op_term(site):
    """A term dropped: `a ∘ b` → `a` and → `b`; one operand of and/or dropped."""
    node = site.node
    if isinstance(node, ast.BinOp):
        for part in (node.left, node.right):
            yield part, _change(node, part)
    elif isinstance(node, ast.BoolOp):
        for i in range(len(node.values)):
            rest = node.values[:i] + node.values[i + 1:]
            new = rest[0] if len(rest) == 1 else _with(node, values=rest)
            yield new, _change(node, new)


def op_bounds(site):
    """Off by one: a slice bound, a range()/arange() argument or an index (not a constant one)
    shifted by ±1."""
    node = site.node
    if isinstance(node, ast.Slice):
        for field in ("lower", "upper"):
            if getattr(node, field) is not None:
                for delta in (1, -1):
                    new = _with(node, **{field: _shifted(getattr(node, field), delta)})
                    yield new, _change(getattr(node, field), getattr(new, field))
    elif isinstance(node, ast.Call) and _call_name(node) in BOUNDED_CALLS:
        for i, arg in enumerate(node.args):
            for delta in (1, -1):
                args = node.args[:i] + [_shifted(arg, delta)] + node.args[i + 1:]
                new = _with(node, args=args)
                yield new, _change(node, new)
    elif isinstance(node, ast.Subscript) and isinstance(node.slice, (ast.Name, ast.BinOp)):
        for delta in (1, -1):
            new = _with(node, slice=_shifted(node.slice, delta))
            yield new, _change(node, new)


def op_swap_args(site):
    """Two positional arguments of a call swapped."""
    node = site.node
    if isinstance(node, ast.Call):
        args = node.args
        for i in range(len(args)):
            for j in range(i + 1, len(args)):
                if not isinstance(args[i], ast.Starred) and not isinstance(args[j], ast.Starred):
                    swapped = list(args)
                    swapped[i], swapped[j] = args[j], args[i]
                    new = _with(node, args=swapped)
                    yield new, _change(node, new)


def op_kwarg(site):
    """A keyword argument of a call dropped."""
    node = site.node
    if isinstance(node, ast.Call):
        for i, kw in enumerate(node.keywords):
            if kw.arg is not None:
                new = _with(node, keywords=node.keywords[:i] + node.keywords[i + 1:])
                yield new, f"keyword `{kw.arg}=` of `{_text(node.func)}` dropped"


def _negatable(site):
    """An operand of arithmetic, a positional argument, or a returned value."""
    parent, field = site.parent, site.field
    return ((isinstance(parent, ast.BinOp) and type(parent.op) in NUMERIC_OPS)
            or (isinstance(parent, ast.Call) and field == "args")
            or isinstance(parent, ast.Return)
            or site.returned)


def op_negate(site):
    """Unary minus removed, or added to an operand, an argument or a returned value."""
    node = site.node
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        yield node.operand, "unary `-` dropped: " + _change(node, node.operand)
    elif (isinstance(node, ast.expr) and not isinstance(node, (ast.Constant, ast.UnaryOp,
                                                                ast.Starred, ast.Tuple))
          and _negatable(site)):
        new = ast.UnaryOp(ast.USub(), node)
        yield new, "unary `-` added: " + _change(node, new)


def op_operands(site):
    """Level 1: the two operands of a binary operator swapped."""
    node = site.node
    if isinstance(node, ast.BinOp):
        new = _with(node, left=node.right, right=node.left)
        yield new, _change(node, new)


def op_name(site):
    """Level 1: a variable replaced by another of the function's variables, by 0 or by 1."""
    node = site.node
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in site.names:
        others = [ast.Name(n, ast.Load()) for n in site.names if n != node.id]
        for new in others + [ast.Constant(0), ast.Constant(1)]:
            yield new, _change(node, new)


def op_expression(site):
    """Level 2: a variable or an arithmetic expression e → e + 1, e - 1, 2 * e, e / 2, abs(e)."""
    node = site.node
    if ((isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in site.names)
            or (isinstance(node, ast.BinOp) and type(node.op) in NUMERIC_OPS)):
        for new in (_shifted(node, 1), _shifted(node, -1),
                    ast.BinOp(ast.Constant(2), ast.Mult(), node),
                    ast.BinOp(node, ast.Div(), ast.Constant(2)),
                    ast.Call(ast.Name("abs", ast.Load()), [node], [])):
            yield new, _change(node, new)


#: (name, level, operator), in the order mutants are made
OPERATORS = [
    ("arith", 0, op_arith), ("compare", 0, op_compare), ("constant", 0, op_constant),
    ("key", 0, op_key), ("statement", 0, op_statement), ("term", 0, op_term),
    ("bounds", 0, op_bounds), ("swap-args", 0, op_swap_args), ("kwarg", 0, op_kwarg),
    ("negate", 0, op_negate),
    ("arith-all", 1, op_arith_all), ("constant-more", 1, op_constant_more),
    ("operands", 1, op_operands), ("name", 1, op_name),
    ("expression", 2, op_expression),
]
MAX_LEVEL = max(level for _, level, _ in OPERATORS)


# --- the function and its sites -------------------------------------------------------------

def find_function(source, name):
    """The top-level ``def name`` in ``source`` (ast.FunctionDef) or None."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    return None


def _local_names(fn):
    args = fn.args
    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store) and node.id not in names:
            names.append(node.id)
    return names


def key_swaps(fn):
    """string key -> the keys it may become, for the keys of ``fn`` in UNIT_GROUPS."""
    used = {n.value for n in ast.walk(fn) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)} & set().union(*FAMILIES)
    family = next((f for f in FAMILIES if used <= f), set())
    swaps = {}
    for key in sorted(used & family):
        others = set().union(*(g for g in UNIT_GROUPS if key in g)) & family
        if others - {key}:
            swaps[key] = sorted(others - {key})
    return swaps


def sites(fn):
    """Every expression and statement of ``fn`` (not fn itself, its docstring or the inside of
    f-strings) as a Site, in source order."""
    keys, names = key_swaps(fn), _local_names(fn)

    def visit(node, returned_tuple):
        for field, value in ast.iter_fields(node):
            items = value if isinstance(value, list) else [value]
            for i, child in enumerate(items):
                if not isinstance(child, ast.AST) or isinstance(child, ast.JoinedStr):
                    continue
                if field == "body" and i == 0 and _is_docstring(child):
                    continue
                if isinstance(child, (ast.expr, ast.stmt)):
                    yield Site(child, node, field, i if isinstance(value, list) else None,
                               keys, names, returned_tuple)
                yield from visit(child, isinstance(child, ast.Tuple)
                                 and isinstance(node, ast.Return))

    yield from visit(fn, False)


def _replace(site, new):
    """Put ``new`` where site.node is; returns the undo."""
    old = site.node
    if site.index is None:
        setattr(site.parent, site.field, new)
        return lambda: setattr(site.parent, site.field, old)
    getattr(site.parent, site.field)[site.index] = new
    return lambda: getattr(site.parent, site.field).__setitem__(site.index, old)


def _mutations(fn, level):
    """(operator, line, description, source) of every mutation of ``fn`` up to ``level``."""
    for site in list(sites(fn)):
        line = site.node.lineno - fn.lineno + 1
        for name, op_level, operator in OPERATORS:
            if op_level > level:
                continue
            for new, what in operator(site):
                undo = _replace(site, new)
                try:
                    source = ast.unparse(fn)
                finally:
                    undo()
                yield name, line, f"line {line}: {what}", source


def _compiles(source):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarning: "is" with a literal, ...
            compile(source, "<mutant>", "exec")
        return True
    except (SyntaxError, ValueError):
        return False


def mutant_id(name, source):
    return f"{name}-{hashlib.sha1(source.encode()).hexdigest()[:10]}"


def generate(source, name, minimum=50):
    """The distinct mutants of function ``name`` in ``source``: deduplicated by their unparsed
    source, without the unchanged function and those that do not compile. Levels are added until
    there are at least ``minimum`` (or none are left)."""
    fn = find_function(source, name)
    if fn is None:
        raise ValueError(f"no top-level def {name} in the source")
    reference = ast.unparse(fn)
    for level in range(MAX_LEVEL + 1):
        seen, mutants = {reference}, []
        for operator, line, description, text in _mutations(fn, level):
            if text not in seen and _compiles(text):
                seen.add(text)
                mutants.append(Mutant(mutant_id(name, text), name, operator, line, description,
                                      text))
        if len(mutants) >= minimum:
            break
    return mutants
