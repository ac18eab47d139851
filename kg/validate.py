"""Check a knowledge graph against the SHACL shapes of ``ontology/shapes.ttl``.

Two engines give the same verdict:

* ``native`` (the default) compiles the shapes once into plain Python checks and validates a stream of
  triples against an index of only the predicates the shapes read (about 9 s and 125 MB for 1.7 million
  triples, where pyshacl needs minutes and gigabytes). It implements the SHACL-core features the
  project's shapes use: targets ``sh:targetClass`` (with ``rdfs:subClassOf*`` from the ontology and the
  data), ``sh:targetNode``, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf`` and implicit class targets;
  predicate and sequence paths; ``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:minCount``,
  ``sh:maxCount``, ``sh:in``, ``sh:pattern`` (with ``sh:flags``), ``sh:languageIn``, ``sh:uniqueLang``,
  numeric ``sh:minInclusive`` / ``sh:maxInclusive``, ``sh:equals``, ``sh:lessThanOrEquals``, ``sh:xone``,
  ``sh:or``, ``sh:node``, ``sh:property``, ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount`` /
  ``sh:qualifiedMaxCount``, ``sh:message``, ``sh:severity`` and ``sh:deactivated``. A shapes file using
  anything else is refused with :class:`UnsupportedShapeError`, so no constraint is silently unchecked.
* ``pyshacl``, the independent reference engine.

Both mix the ontology (``ontology/kg.ttl``) into the data, so that ``sh:class kg:Actor`` accepts a
``kg:Person`` through ``rdfs:subClassOf`` without running a reasoner. They find the same results
(``tests/test_validate.py`` checks it on many broken graphs), except where pyshacl departs from SHACL and
the native engine does not: a literal outside the XSD lexical space of its datatype (``"2024-13"^^
xsd:gYearMonth``, ``"NaN"^^xsd:decimal``) is ill-typed, and an ill-typed value compares to nothing, so it
breaks ``sh:maxInclusive`` and ``sh:lessThanOrEquals`` as well as ``sh:minInclusive``. (rdflib rewrites
some forms when it reads them, e.g. ``"1_000"^^xsd:integer`` into ``1000``: both engines see its value.)

>>> from kg.model import KnowledgeGraph
>>> validate(KnowledgeGraph()).conforms
True
>>> from rdflib import Literal
>>> from kg.vocab import ACTOR, KG
>>> report = validate([(ACTOR["x"], KG.mentionCount, Literal("abc", datatype=XSD.integer))])
>>> sorted({(r.path.rsplit("#", 1)[-1], r.component) for r in report.results})[:3]
[('', 'XoneConstraintComponent'), ('mentionCount', 'DatatypeConstraintComponent'), \
('mentionCount', 'MinInclusiveConstraintComponent')]
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import chain
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH

from kg.errors import KgError
from kg.graph import (
    FORMATS,
    ONTOLOGY_DIR,
    Triple,
    load_rdf,
    oxigraph_dir,
    triples,
    turtle_file,
)
from kg.model import KnowledgeGraph

SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY_PATH = ONTOLOGY_DIR / "kg.ttl"

#: The engines ``validate`` runs.
ENGINES = ("native", "pyshacl")


class UnsupportedShapeError(KgError, ValueError):
    """A shapes file uses a SHACL feature the native engine does not implement."""


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One SHACL validation result, every field a string: ``severity`` (``Violation``, ``Warning``,
    ``Info``), the ``focus`` node, the ``path`` (a predicate IRI; a sequence path is its IRIs in
    parentheses, ``(IRI1 IRI2)``; empty for a node shape), the ``component`` (local name, e.g.
    ``MinCountConstraintComponent``), the ``message`` and the offending ``value`` (empty when the
    component names none, e.g. a missing value)."""

    severity: str
    focus: str
    path: str
    component: str
    message: str
    value: str = ""

    def line(self) -> str:
        """The result as one report line.

        >>> ValidationResult("Violation", "ex:a", "ex:p", "MinCountConstraintComponent", "too few").line()
        'Violation: ex:a ex:p: too few'
        """
        path = f" {self.path}" if self.path else ""
        shown = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {self.focus}{path}: {self.message}{shown}"


@dataclass
class ValidationReport:
    """The outcome of ``validate``: ``conforms``, one line per result in ``messages`` and the results
    themselves (both sorted and free of repeats, so reports of the same graph are identical)."""

    conforms: bool
    messages: list[str] = field(default_factory=list)
    results: list[ValidationResult] = field(default_factory=list)


def _report(results: Iterable[ValidationResult]) -> ValidationReport:
    ordered = sorted(set(results))
    return ValidationReport(conforms=not ordered, messages=sorted({r.line() for r in ordered}), results=ordered)


def _local_name(iri: URIRef) -> str:
    return re.split(r"[#/]", str(iri))[-1]


# ----------------------------------------------------------------------------------------------------
# Literals: well-formedness and comparison, following the XSD lexical spaces and SPARQL operators
# ----------------------------------------------------------------------------------------------------

# Datatypes are compared as plain strings: rdflib compares IRIs in Python, about ten times slower.
_TIMEZONE = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"-?([1-9][0-9]{3,}|0[0-9]{3})"
_INTEGER = str(XSD.integer)
_DATE = str(XSD.date)
_LEXICAL_FORMS = {
    _INTEGER: re.compile(r"[+-]?[0-9]+"),
    str(XSD.decimal): re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    _DATE: re.compile(_YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" + _TIMEZONE),
    str(XSD.gYearMonth): re.compile(_YEAR + r"-(0[1-9]|1[0-2])" + _TIMEZONE),
    str(XSD.gYear): re.compile(_YEAR + _TIMEZONE),
}
_INTEGER_TYPES = {str(XSD[name]) for name in (
    "integer", "nonPositiveInteger", "negativeInteger", "long", "int", "short", "byte", "nonNegativeInteger",
    "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte", "positiveInteger")}
_NUMERIC_TYPES = _INTEGER_TYPES | {str(XSD.decimal), str(XSD.float), str(XSD.double)}
_STRING = str(XSD.string)
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# rdflib namespace attributes are looked up through a slow __getattr__.
_RDF_TYPE = RDF.type


def _datatype_name(literal: Literal) -> str | None:
    datatype = literal.datatype
    return None if datatype is None else str(datatype)


def _lexically_valid(literal: Literal) -> bool:
    """Whether ``literal``'s text is in the lexical space of its datatype: rdflib's own check (it flags
    e.g. ``"abc"^^xsd:integer``) tightened to the XSD grammar for integers, decimals, dates, gYearMonth
    and gYear (rdflib takes ``NaN`` for a decimal and has no check at all for gYear and gYearMonth).

    >>> [_lexically_valid(Literal(text, datatype=XSD.gYearMonth)) for text in ("2024-10", "2024-13")]
    [True, False]
    """
    if literal.ill_typed is True:
        return False
    datatype = _datatype_name(literal)
    form = _LEXICAL_FORMS.get(_INTEGER if datatype in _INTEGER_TYPES else datatype)
    if form is None:
        return True
    text = str(literal)
    if not form.fullmatch(text):
        return False
    if datatype == _DATE:
        year, month, day = _date_parts(text)
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return day <= _DAYS_IN_MONTH[month - 1] and (month != 2 or day <= 28 or leap)
    return True


def _date_parts(text: str) -> tuple[int, int, int]:
    year, month, day = text.lstrip("-").split("-")[:3]
    return int(year), int(month), int(day[:2])


def _number(node) -> int | Decimal | float | None:
    """The numeric value of a well-formed numeric literal, else ``None``."""
    if type(node) is Literal and _datatype_name(node) in _NUMERIC_TYPES and _lexically_valid(node):
        value = node.value
        if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
            return value
    return None


def _is_simple_string(node) -> bool:
    return isinstance(node, Literal) and node.language is None and _datatype_name(node) in (None, _STRING)


def _less_or_equal(left, right) -> bool:
    """SPARQL ``left <= right``: numbers with numbers, strings with strings, other literals of one
    datatype by value; anything else is an error, i.e. not true."""
    left_number, right_number = _number(left), _number(right)
    if left_number is not None and right_number is not None:
        return left_number <= right_number
    if _is_simple_string(left) and _is_simple_string(right):
        return str(left) <= str(right)
    if (isinstance(left, Literal) and isinstance(right, Literal) and left.datatype is not None
            and _datatype_name(left) == _datatype_name(right)
            and _lexically_valid(left) and _lexically_valid(right)):
        try:
            return left.value is not None and right.value is not None and left.value <= right.value
        except TypeError:
            return False
    return False


def _datatype_test(datatype: URIRef) -> Callable[[object], bool]:
    """Whether a node matches ``sh:datatype datatype``."""
    if datatype == RDF.langString:
        return lambda node: isinstance(node, Literal) and node.language is not None
    if datatype == XSD.string:
        return _is_simple_string
    if datatype == RDFS.Literal:
        return lambda node: isinstance(node, Literal)
    name = str(datatype)
    return lambda node: isinstance(node, Literal) and _datatype_name(node) == name and _lexically_valid(node)


_NODE_KINDS = {
    SH.IRI: (URIRef,), SH.BlankNode: (BNode,), SH.Literal: (Literal,), SH.BlankNodeOrIRI: (BNode, URIRef),
    SH.BlankNodeOrLiteral: (BNode, Literal), SH.IRIOrLiteral: (URIRef, Literal),
}


def _language_matches(tag: str | None, ranges: frozenset[str]) -> bool:
    """SPARQL ``langMatches`` of ``tag`` against any basic language range of ``ranges`` (lower case)."""
    if not tag:
        return False
    tag = tag.lower()
    return "*" in ranges or tag in ranges or any(tag.startswith(r + "-") for r in ranges)


# ----------------------------------------------------------------------------------------------------
# The data: triples indexed by the predicates the shapes read
# ----------------------------------------------------------------------------------------------------

class _Data:
    """The triples the shapes can see, indexed once: predicate -> subject -> object (a set when there
    are several), for the predicates in ``predicates`` only, and the objects of ``object_predicates``."""

    def __init__(self, stream: Iterable[Triple], predicates: set, object_predicates: set) -> None:
        self.tables: dict = {predicate: {} for predicate in predicates | {RDF.type, RDFS.subClassOf}}
        self.objects: dict = {predicate: set() for predicate in object_predicates}
        # rdflib compares terms in Python (str(self) == str(other)): every IRI is replaced by one shared
        # instance, found through its plain string, so that the lookups below match by identity in C.
        shared: dict[str, URIRef] = {}
        tables = {str(predicate): table for predicate, table in self.tables.items()}
        objects = {str(predicate): values for predicate, values in self.objects.items()}
        for subject, predicate, value in stream:
            name = str(predicate)
            table, targets = tables.get(name), objects.get(name)
            if table is None and targets is None:
                continue
            if type(subject) is URIRef:
                subject = shared.setdefault(str(subject), subject)
            if type(value) is URIRef:
                value = shared.setdefault(str(value), value)
            if table is not None:
                # Most properties have one value: keep the term itself, a set only for the rest.
                held = table.get(subject)
                if held is None:
                    table[subject] = value
                elif type(held) is set:
                    held.add(value)
                elif held is not value and held != value:
                    table[subject] = {held, value}
            if targets is not None:
                targets.add(value)
        self.types = self.tables[_RDF_TYPE]
        self._subclasses: dict = {}
        self._instances: dict | None = None

    def values(self, node, path: tuple) -> tuple | set:
        """The value nodes of ``path`` (a sequence of predicates) from ``node``."""
        table = self.tables[path[0]]
        held = table.get(node)
        nodes = () if held is None else held if type(held) is set else (held,)
        for predicate in path[1:]:
            table, following = self.tables[predicate], set()
            for item in nodes:
                held = table.get(item)
                if held is not None:
                    if type(held) is set:
                        following |= held
                    else:
                        following.add(held)
            nodes = following
        return nodes

    def subclasses(self, cls: URIRef) -> frozenset:
        """``cls`` and every class that is ``rdfs:subClassOf*`` it."""
        found = self._subclasses.get(cls)
        if found is None:
            children: dict = {}
            for child, parents in self.tables[RDFS.subClassOf].items():
                for parent in parents if type(parents) is set else (parents,):
                    children.setdefault(parent, []).append(child)
            # Start from the data's own instance of the class, so that type lookups match by identity.
            start = next((known for known in chain(children, self._by_class()) if known == cls), cls)
            seen, todo = {start}, [start]
            while todo:
                for child in children.get(todo.pop(), ()):
                    if child not in seen:
                        seen.add(child)
                        todo.append(child)
            # Kept under the caller's instance, which later lookups then find by identity.
            found = self._subclasses[cls] = frozenset(seen)
        return found

    def is_instance(self, node, classes: frozenset) -> bool:
        """Whether ``node`` has an ``rdf:type`` in ``classes`` (a subclass closure)."""
        held = self.types.get(node)
        if held is None or isinstance(node, Literal):
            return False
        return not classes.isdisjoint(held) if type(held) is set else held in classes

    def _by_class(self) -> dict:
        """class -> the nodes typed with it (directly)."""
        if self._instances is None:
            self._instances = {}
            for node, types in self.types.items():
                for type_ in types if type(types) is set else (types,):
                    self._instances.setdefault(type_, []).append(node)
        return self._instances

    def instances(self, cls: URIRef) -> set:
        """Every node whose ``rdf:type`` is ``cls`` or one of its subclasses."""
        by_class = self._by_class()
        return {node for sub in self.subclasses(cls) for node in by_class.get(sub, ())}


# ----------------------------------------------------------------------------------------------------
# The shapes, compiled into checks
# ----------------------------------------------------------------------------------------------------

#: A check: (data, focus node, value nodes) -> the violations, each (offending value or None, message).
Check = Callable[[_Data, object, tuple | set], list]

_ANNOTATIONS = {RDF.type, RDFS.comment, RDFS.label, SH.name, SH.description, SH.order, SH.group,
                SH.message, SH.severity, SH.deactivated, SH.path}
_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
_NONE: list = []


class _Shape:
    """A compiled shape: its value nodes (``path``; ``None`` for a node shape), its checks and the
    property shapes its value nodes must also satisfy."""

    def __init__(self, node) -> None:
        self.node = node
        self.path: tuple | None = None
        self.path_text = ""
        self.checks: list[tuple[str, Check]] = []
        self.properties: list[_Shape] = []
        self.message: str | None = None
        self.severity = "Violation"
        self.target_classes: list = []
        self.target_nodes: list = []
        self.target_subjects_of: list = []
        self.target_objects_of: list = []

    def value_nodes(self, data: _Data, focus) -> tuple | set:
        """The value nodes of ``focus``: itself for a node shape, those its path reaches for a property shape."""
        return (focus,) if self.path is None else data.values(focus, self.path)

    def results(self, data: _Data, focus) -> list[ValidationResult]:
        """The validation results of ``focus`` against this shape."""
        values = self.value_nodes(data, focus)
        found = []
        for component, check in self.checks:
            violations = check(data, focus, values)
            if violations:
                found += [ValidationResult(self.severity, str(focus), self.path_text, component,
                                           self.message or text, "" if value is None else str(value))
                          for value, text in violations]
        for prop in self.properties:
            for value in values:
                found += prop.results(data, value)
        return found

    def conforms(self, data: _Data, node) -> bool:
        """Whether ``node`` satisfies this shape: :meth:`results` would find none, but this stops at the
        first violation and builds no result (the shapes of sh:xone and sh:or mostly fail)."""
        values = self.value_nodes(data, node)
        return (not any(check(data, node, values) for _, check in self.checks)
                and all(prop.conforms(data, value) for prop in self.properties for value in values))

    def focus_nodes(self, data: _Data) -> set:
        """The nodes this shape's targets select in ``data``."""
        nodes = set(self.target_nodes)
        for cls in self.target_classes:
            nodes |= data.instances(cls)
        for predicate in self.target_subjects_of:
            nodes.update(data.tables[predicate])
        for predicate in self.target_objects_of:
            nodes |= data.objects[predicate]
        return nodes


class _Compiler:
    """Turns the shapes of one shapes graph into ``_Shape`` objects."""

    def __init__(self, graph: Graph, source: str) -> None:
        self.graph, self.source = graph, source
        self.shapes: dict = {}
        self.predicates: set = set()
        self.object_predicates: set = set()

    def fail(self, node, what: str) -> UnsupportedShapeError:
        return UnsupportedShapeError(
            f"{self.source}: shape {node} uses {what}, which kg's native SHACL engine does not implement; "
            "implement it in kg/validate.py or validate with engine='pyshacl'")

    def items(self, node) -> list:
        if node != RDF.nil and self.graph.value(node, RDF.first) is None:
            raise UnsupportedShapeError(f"{self.source}: {node} must be an RDF list")
        return list(Collection(self.graph, node))

    def one(self, node, parameter):
        values = list(self.graph.objects(node, parameter))
        if len(values) != 1:
            raise UnsupportedShapeError(f"{self.source}: shape {node} needs exactly one {parameter}")
        return values[0]

    def shape(self, node) -> _Shape:
        """The compiled shape ``node`` (compiled once; a shape may refer to itself)."""
        if node in self.shapes:
            return self.shapes[node]
        shape = self.shapes[node] = _Shape(node)
        g = self.graph
        for parameter in set(g.predicates(node)) - _ANNOTATIONS - _TARGETS - set(_PARAMETERS) - _HANDLED:
            if str(parameter).startswith(str(SH)):
                component = _local_name(parameter)
                raise self.fail(node, f"sh:{component} ({component[0].upper()}{component[1:]}ConstraintComponent)")
            raise self.fail(node, f"the property {parameter}")
        if (node, SH.deactivated, Literal(True)) in g:
            return shape
        path = g.value(node, SH.path)
        if path is not None:
            shape.path = self.path(node, path)
            self.predicates.update(shape.path)
            shape.path_text = (str(path) if len(shape.path) == 1 and isinstance(path, URIRef)
                               else "(" + " ".join(shape.path) + ")")
        messages = sorted(g.objects(node, SH.message), key=lambda m: (getattr(m, "language", None) not in
                                                                      (None, "en"), str(m)))
        shape.message = str(messages[0]) if messages else None
        severity = g.value(node, SH.severity)
        shape.severity = "Violation" if severity is None else _local_name(severity)
        for parameter, compile_check in _PARAMETERS.items():
            for value in g.objects(node, parameter):
                shape.checks.append(compile_check(self, node, value))
        if (node, SH.qualifiedValueShape, None) in g:
            shape.checks.extend(_qualified(self, node))
        shape.properties = [self.shape(prop) for prop in sorted(g.objects(node, SH.property))]
        self.targets(shape)
        return shape

    def path(self, node, path) -> tuple:
        if isinstance(path, URIRef):
            return (path,)
        if isinstance(path, BNode) and self.graph.value(path, RDF.first) is not None:
            steps = tuple(self.items(path))
            if steps and all(isinstance(step, URIRef) for step in steps):
                return steps
        kinds = sorted(_local_name(p) for p in self.graph.predicates(path)) if isinstance(path, BNode) else []
        raise self.fail(node, "the path " + (" ".join(f"sh:{k}" for k in kinds) or str(path)) +
                        " (only predicates and sequences of predicates are implemented)")

    def targets(self, shape: _Shape) -> None:
        g, node = self.graph, shape.node
        shape.target_classes = sorted(g.objects(node, SH.targetClass))
        if (node, RDF.type, RDFS.Class) in g or (node, RDF.type, OWL.Class) in g:
            shape.target_classes.append(node)  # an implicit class target
        shape.target_nodes = sorted(g.objects(node, SH.targetNode))
        shape.target_subjects_of = sorted(g.objects(node, SH.targetSubjectsOf))
        shape.target_objects_of = sorted(g.objects(node, SH.targetObjectsOf))
        self.predicates.update(shape.target_subjects_of)
        self.object_predicates.update(shape.target_objects_of)

    def compile(self) -> list[_Shape]:
        """Compile every shape of the graph; returns those with targets, the ones validation starts from."""
        g = self.graph
        declared = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
        declared |= {s for target in _TARGETS for s in g.subjects(target, None)}
        for node in sorted(declared):
            self.shape(node)
        return [shape for _, shape in sorted(self.shapes.items()) if shape.target_classes or shape.target_nodes
                or shape.target_subjects_of or shape.target_objects_of]


def _each_value(component: str, ok: Callable[[object], bool], text: str) -> tuple[str, Check]:
    """A check that every value node passes ``ok``."""
    def check(data, focus, values):
        return [(value, text) for value in values if not ok(value)]
    return component, check


def _class(compiler: _Compiler, node, cls) -> tuple[str, Check]:
    def check(data, focus, values):
        classes = data.subclasses(cls)
        return [(value, f"value is not an instance of {cls}") for value in values
                if not data.is_instance(value, classes)]
    return "ClassConstraintComponent", check


def _datatype(compiler: _Compiler, node, datatype) -> tuple[str, Check]:
    return _each_value("DatatypeConstraintComponent", _datatype_test(datatype),
                       f"value is not a well-formed literal of datatype {datatype}")


def _node_kind(compiler: _Compiler, node, kind) -> tuple[str, Check]:
    if kind not in _NODE_KINDS:
        raise UnsupportedShapeError(f"{compiler.source}: shape {node} has an unknown sh:nodeKind {kind}")
    types = _NODE_KINDS[kind]
    return _each_value("NodeKindConstraintComponent", lambda value: isinstance(value, types),
                       f"value is not of node kind {kind}")


def _count(component: str, bound: int, too_few: bool, what: str,
           counted: Callable[[_Data, tuple | set], int] = lambda data, values: len(values)) -> tuple[str, Check]:
    """A check that at least (``too_few``) or at most ``bound`` value nodes are ``counted``."""
    text = f"{'fewer' if too_few else 'more'} than {bound} {what}"

    def check(data, focus, values):
        count = counted(data, values)
        return [(None, text)] if (count < bound if too_few else count > bound) else _NONE
    return component, check


def _min_count(compiler: _Compiler, node, bound) -> tuple[str, Check]:
    return _count("MinCountConstraintComponent", int(bound), True, "value" + "s" * (int(bound) != 1))


def _max_count(compiler: _Compiler, node, bound) -> tuple[str, Check]:
    return _count("MaxCountConstraintComponent", int(bound), False, "value" + "s" * (int(bound) != 1))


def _in(compiler: _Compiler, node, members) -> tuple[str, Check]:
    allowed = frozenset(compiler.items(members))
    return _each_value("InConstraintComponent", allowed.__contains__,
                       "value is not one of " + ", ".join(sorted(str(m) for m in allowed)))


_REGEX_FLAGS = {"i": re.IGNORECASE, "s": re.DOTALL, "m": re.MULTILINE, "x": re.VERBOSE}


def _pattern(compiler: _Compiler, node, pattern) -> tuple[str, Check]:
    flags = str(compiler.graph.value(node, SH.flags) or "")
    if set(flags) - set(_REGEX_FLAGS):
        raise UnsupportedShapeError(f"{compiler.source}: shape {node} has unsupported sh:flags {flags!r}")
    regex = re.compile(str(pattern), sum(_REGEX_FLAGS[f] for f in set(flags)))
    return _each_value("PatternConstraintComponent",
                       lambda value: not isinstance(value, BNode) and regex.search(str(value)) is not None,
                       f'value does not match the pattern "{pattern}"')


def _language_in(compiler: _Compiler, node, members) -> tuple[str, Check]:
    ranges = frozenset(str(m).lower() for m in compiler.items(members))
    return _each_value("LanguageInConstraintComponent",
                       lambda value: isinstance(value, Literal) and _language_matches(value.language, ranges),
                       "value's language is not one of " + ", ".join(sorted(ranges)))


def _unique_lang(compiler: _Compiler, node, flag) -> tuple[str, Check]:
    def check(data, focus, values):
        if not flag.value:
            return _NONE
        seen, repeated = set(), set()
        for value in values:
            if isinstance(value, Literal) and value.language:
                language = value.language.lower()
                (repeated if language in seen else seen).add(language)
        return [(None, f"more than one value in language {language}") for language in sorted(repeated)]
    return "UniqueLangConstraintComponent", check


def _bound(compiler: _Compiler, node, bound, component: str, text: str, holds) -> tuple[str, Check]:
    limit = _number(bound)
    if limit is None:
        raise compiler.fail(node, f"a non-numeric bound {bound!r} (only numeric bounds are implemented)")

    def ok(value):
        number = _number(value)
        return number is not None and holds(number, limit)
    return _each_value(component, ok, f"value is {text} {bound}")


def _min_inclusive(compiler: _Compiler, node, bound) -> tuple[str, Check]:
    return _bound(compiler, node, bound, "MinInclusiveConstraintComponent", "not a number at least",
                  lambda number, limit: number >= limit)


def _max_inclusive(compiler: _Compiler, node, bound) -> tuple[str, Check]:
    return _bound(compiler, node, bound, "MaxInclusiveConstraintComponent", "not a number at most",
                  lambda number, limit: number <= limit)


def _equals(compiler: _Compiler, node, predicate) -> tuple[str, Check]:
    compiler.predicates.add(predicate)
    path = (predicate,)

    def check(data, focus, values):
        others = data.values(focus, path)
        return ([(value, f"value is not a value of {predicate}") for value in values if value not in others]
                + [(other, f"value of {predicate} is not a value of the path") for other in others
                   if other not in values])
    return "EqualsConstraintComponent", check


def _less_than_or_equals(compiler: _Compiler, node, predicate) -> tuple[str, Check]:
    compiler.predicates.add(predicate)
    path = (predicate,)

    def check(data, focus, values):
        others = data.values(focus, path)
        return [(value, f"value is not less than or equal to the values of {predicate}") for value in values
                if not all(_less_or_equal(value, other) for other in others)]
    return "LessThanOrEqualsConstraintComponent", check


def _logical(component: str, count_ok: Callable[[int], bool], text: str):
    def compile_check(compiler: _Compiler, node, members) -> tuple[str, Check]:
        shapes = [compiler.shape(member) for member in compiler.items(members)]

        def check(data, focus, values):
            return [(value, text) for value in values
                    if not count_ok(sum(shape.conforms(data, value) for shape in shapes))]
        return component, check
    return compile_check


def _node(compiler: _Compiler, node, target) -> tuple[str, Check]:
    shape = compiler.shape(target)

    def check(data, focus, values):
        return [(value, f"value does not conform to the shape {target}") for value in values
                if not shape.conforms(data, value)]
    return "NodeConstraintComponent", check


#: Parameters read by ``_Compiler.shape`` or alongside another parameter rather than through ``_PARAMETERS``.
_HANDLED = {SH.property, SH.flags, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
            SH.qualifiedValueShapesDisjoint}


def _qualified(compiler: _Compiler, node) -> list[tuple[str, Check]]:
    """The checks of ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount`` / ``sh:qualifiedMaxCount``."""
    g = compiler.graph
    if (node, SH.qualifiedValueShapesDisjoint, Literal(True)) in g:
        raise compiler.fail(node, "sh:qualifiedValueShapesDisjoint true")
    shape = compiler.shape(compiler.one(node, SH.qualifiedValueShape))

    def conforming(data, values) -> int:
        return sum(shape.conforms(data, value) for value in values)
    return [_count(component, int(bound), too_few, "values conform to the qualified shape", conforming)
            for parameter, component, too_few in (
                (SH.qualifiedMinCount, "QualifiedMinCountConstraintComponent", True),
                (SH.qualifiedMaxCount, "QualifiedMaxCountConstraintComponent", False))
            for bound in g.objects(node, parameter)]


#: The constraint parameters the native engine implements, each with its compiler (sh:property and the
#: qualified-value-shape parameters are handled by ``_Compiler.shape``).
_PARAMETERS: dict = {
    SH["class"]: _class, SH.datatype: _datatype, SH.nodeKind: _node_kind, SH.minCount: _min_count,
    SH.maxCount: _max_count, SH["in"]: _in, SH.pattern: _pattern, SH.languageIn: _language_in,
    SH.uniqueLang: _unique_lang, SH.minInclusive: _min_inclusive, SH.maxInclusive: _max_inclusive,
    SH.equals: _equals, SH.lessThanOrEquals: _less_than_or_equals,
    SH.xone: _logical("XoneConstraintComponent", lambda n: n == 1,
                      "value does not conform to exactly one shape of sh:xone"),
    SH["or"]: _logical("OrConstraintComponent", lambda n: n >= 1,
                       "value conforms to none of the shapes of sh:or"),
    SH.node: _node,
}


@dataclass(frozen=True)
class CompiledShapes:
    """A shapes file compiled for the native engine: the shapes validation starts from (those with
    targets), the predicates whose triples the checks read, and those whose objects are targets."""

    roots: tuple
    predicates: frozenset
    object_predicates: frozenset


@lru_cache(maxsize=4)
def _compile_file(path: Path, mtime: float) -> CompiledShapes:
    compiler = _Compiler(turtle_file(path), str(path))
    roots = compiler.compile()
    return CompiledShapes(tuple(roots), frozenset(compiler.predicates), frozenset(compiler.object_predicates))


def compile_shapes(shapes: str | os.PathLike = SHAPES_PATH) -> CompiledShapes:
    """The shapes file ``shapes`` compiled for the native engine (cached until the file changes); raises
    :class:`UnsupportedShapeError` naming any SHACL feature the engine does not implement.

    >>> len(compile_shapes().roots)
    6
    """
    path = Path(shapes).resolve()
    return _compile_file(path, path.stat().st_mtime)


# ----------------------------------------------------------------------------------------------------
# Inputs and the two engines
# ----------------------------------------------------------------------------------------------------

_OXIGRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}


def _rdflib_term(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == str(XSD.string) else URIRef(datatype))


def _file_triples(path: str | os.PathLike) -> Iterator[Triple]:
    """The triples of a graph file or build store, streamed through pyoxigraph (no rdflib graph is built;
    formats pyoxigraph cannot stream fall back to ``load_rdf``)."""
    database = oxigraph_dir(path)
    if database is not None:
        quads = ox.Store.read_only(str(database)).quads_for_pattern(None, None, None, ox.DefaultGraph())
    else:
        format = _OXIGRAPH_FORMATS.get(FORMATS.get(Path(path).suffix.lower(), "turtle"))
        if format is None:
            yield from load_rdf(path)
            return
        quads = ox.parse(path=str(path), format=format)
    convert = _rdflib_term
    for quad in quads:
        yield convert(quad.subject), convert(quad.predicate), convert(quad.object)


def _stream(graph) -> Iterable[Triple]:
    if isinstance(graph, KnowledgeGraph):
        return triples(graph)
    if isinstance(graph, (str, os.PathLike)):
        return _file_triples(graph)
    return graph  # an rdflib graph iterates over its triples


def _validate_native(graph, shapes: Path) -> ValidationReport:
    compiled = compile_shapes(shapes)
    data = _Data(chain(turtle_file(ONTOLOGY_PATH), _stream(graph)), set(compiled.predicates),
                 set(compiled.object_predicates))
    return _report(result for shape in compiled.roots for focus in shape.focus_nodes(data)
                   for result in shape.results(data, focus))


def _report_path(report: Graph, path) -> str:
    """``sh:resultPath`` written as the native engine writes it: an IRI, or a sequence in parentheses."""
    if path is None:
        return ""
    if isinstance(path, BNode) and report.value(path, RDF.first) is not None:
        return "(" + " ".join(str(step) for step in Collection(report, path)) + ")"
    return str(path)


def _validate_pyshacl(graph, shapes: Path) -> ValidationReport:
    import pyshacl

    if isinstance(graph, KnowledgeGraph):
        data = Graph()
        for triple in triples(graph):
            data.add(triple)
    elif isinstance(graph, Graph):
        data = graph
    elif isinstance(graph, (str, os.PathLike)):
        data = load_rdf(graph)
    else:
        data = Graph()
        for triple in graph:
            data.add(triple)
    _, report, _ = pyshacl.validate(data, shacl_graph=turtle_file(shapes), ont_graph=turtle_file(ONTOLOGY_PATH),
                                    inference="none", allow_warnings=False)

    def text(result, prop) -> str:
        values = sorted(str(value) for value in report.objects(result, prop))
        return values[0] if values else ""

    return _report(
        ValidationResult(severity=_local_name(report.value(result, SH.resultSeverity)),
                         focus=text(result, SH.focusNode),
                         path=_report_path(report, report.value(result, SH.resultPath)),
                         component=_local_name(report.value(result, SH.sourceConstraintComponent)),
                         message=text(result, SH.resultMessage)
                         or _local_name(report.value(result, SH.sourceConstraintComponent)),
                         value=text(result, SH.value))
        # Only the results of the report itself: those nested under sh:detail explain another result.
        for report_node in report.subjects(RDF.type, SH.ValidationReport)
        for result in report.objects(report_node, SH.result))


def validate(graph: KnowledgeGraph | Graph | str | os.PathLike | Iterable[Triple], shapes: Path = SHAPES_PATH,
             engine: str = "native") -> ValidationReport:
    """Validate ``graph`` (a ``KnowledgeGraph``, an rdflib graph, a graph file or build store, or any
    iterable of triples, repeats allowed) against ``shapes`` with ``engine`` (``native`` or ``pyshacl``).

    Each message names the severity, the focus node, the path and what is wrong::

        Violation: https://w3id.org/arabic-news-kg/event/e1 https://w3id.org/arabic-news-kg/ontology#status: ...

    >>> from kg.model import Interaction, KnowledgeGraph
    >>> broken = KnowledgeGraph(interactions=[Interaction("e1", "meeting", "043", "held", [], [])])
    >>> report = validate(broken)
    >>> report.conforms, any("at least one kg:participant" in m for m in report.messages)
    (False, True)
    >>> {(r.focus, r.component) for r in report.results} == {
    ...     (r.focus, r.component) for r in validate(broken, engine="pyshacl").results}
    True
    """
    if engine == "native":
        return _validate_native(graph, Path(shapes))
    if engine == "pyshacl":
        return _validate_pyshacl(graph, Path(shapes))
    raise ValueError(f"unknown validation engine {engine!r}: use one of {', '.join(ENGINES)}")
