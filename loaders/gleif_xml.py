"""Streaming GLEIF XML: each LEI, relationship or exception record as a JSON-shaped dict.

GLEIF publishes the same records as XML (LEI-CDF 3.1, RR-CDF 2.1, reporting
exceptions) and JSON.  Turning each XML record into the dict its JSON twin has lets
one mapping serve both: namespaces dropped, ``xml:lang`` ignored, a plural
container (``OtherEntityNames``) becomes a list, a leaf with attributes becomes
``{attr: ..., Tag: text}``.  ``iterparse`` with removal of finished records keeps
memory flat on multi-gigabyte golden-copy files.

>>> import io
>>> xml = b'''<lei:LEIData xmlns:lei="http://www.gleif.org/data/schema/leidata/2016">
... <lei:LEIRecords><lei:LEIRecord><lei:LEI>X</lei:LEI><lei:Entity>
... <lei:LegalName xml:lang="en">A</lei:LegalName><lei:OtherEntityNames>
... <lei:OtherEntityName type="TRADING_OR_OPERATING_NAME">B</lei:OtherEntityName>
... </lei:OtherEntityNames></lei:Entity></lei:LEIRecord></lei:LEIRecords></lei:LEIData>'''
>>> [(kind, rec) for kind, _, rec in xml_records(io.BytesIO(xml))]
[('lei', {'LEI': 'X', 'Entity': {'LegalName': 'A', 'OtherEntityNames': [{'type': 'TRADING_OR_OPERATING_NAME', 'OtherEntityName': 'B'}]}})]
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import IO, Any

RECORD_TAGS = {"LEIRecord": "lei", "RelationshipRecord": "rr", "Exception": "repex"}
CONTAINER_TAGS = frozenset({"LEIRecords", "RelationshipRecords", "ReportingExceptions"})
_XML_NS = "{http://www.w3.org/XML/1998/namespace}"


def local(tag: str) -> str:
    """Tag without its namespace.

    >>> local("{http://www.gleif.org/data/schema/rr/2016}StartNode")
    'StartNode'
    """
    return tag.rsplit("}", 1)[-1]


def to_dict(el: ET.Element) -> Any:
    """The element as GLEIF's JSON would give it (text, dict or list)."""
    children = list(el)
    attrs = {local(k): v for k, v in el.attrib.items() if not k.startswith(_XML_NS)}
    tag = local(el.tag)
    if not children:
        text = (el.text or "").strip()
        return {**attrs, tag: text} if attrs else text
    names = [local(c.tag) for c in children]
    if len(set(names)) == 1 and tag == names[0] + "s":
        return [to_dict(c) for c in children]
    out: dict[str, Any] = dict(attrs)
    for name, child in zip(names, children, strict=True):
        value = to_dict(child)
        if name in out:
            prev = out[name]
            out[name] = [*prev, value] if isinstance(prev, list) else [prev, value]
        else:
            out[name] = value
    return out


def xml_records(stream: IO[bytes]) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """(kind, 1-based record number, record dict) for each record of a GLEIF XML file.

    Raises ``ET.ParseError`` for text that is not well-formed XML.
    """
    container: ET.Element | None = None
    number = 0
    for event, el in ET.iterparse(stream, events=("start", "end")):
        name = local(el.tag)
        if event == "start":
            if name in CONTAINER_TAGS:
                container = el
            continue
        kind = RECORD_TAGS.get(name)
        if kind is None:
            continue
        number += 1
        value = to_dict(el)
        yield kind, number, value if isinstance(value, dict) else {}
        if container is not None:
            # The finished record is the container's only child: removing it is O(1).
            container.remove(el)
        else:
            el.clear()
