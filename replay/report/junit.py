"""``junit.xml``: one testcase per gate, so a CI system lists each gate and fails the failing ones."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from replay.report.sections import ReportDoc

__all__ = ["junit_xml", "xml_text"]

# What XML 1.0 cannot hold, even escaped: control characters but tab and newlines, lone surrogates, U+FFFE/F.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with what XML cannot hold written as ``\\xNN`` (``\\uNNNN``): a scenario named with a control
    character (a TOML "\\u0000", an ANSI colour) made a junit.xml no CI could parse."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def junit_xml(report: ReportDoc) -> bytes:
    """The gates of ``report`` as a JUnit XML suite."""
    gates = report.gates
    failures = sum(not g.passed for g in gates)
    run = report.run
    name = run.name or "rehearsal"
    cut = report.partial is not None  # one more case, in error: a CI reads no pass into a run cut short
    tests = str(len(gates) + cut)
    suites = ET.Element("testsuites", name="replay", tests=tests, failures=str(failures), errors=str(int(cut)))
    suite = ET.SubElement(
        suites,
        "testsuite",
        name=f"replay gates: {name}",
        tests=tests,
        failures=str(failures),
        errors=str(int(cut)),
        skipped=str(sum(g.held is not None for g in gates)),
    )
    props = ET.SubElement(suite, "properties")
    for key, value in (("id", run.id), ("target", run.target), ("scenario", run.scenario)):
        ET.SubElement(props, "property", name=f"run.{key}", value=str(value or ""))
    ET.SubElement(props, "property", name="verdict", value=report.verdict)
    if report.partial is not None:
        ET.SubElement(props, "property", name="partial", value=report.partial.banner)
        case = ET.SubElement(suite, "testcase", classname=f"replay.run.{name}", name="run complete", time="0")
        ET.SubElement(case, "error", message=report.partial.banner, type="RunCutShort")
    for g in gates:
        case = ET.SubElement(suite, "testcase", classname=f"replay.gates.{name}", name=g.gate.name, time="0")
        if not g.passed:
            failure = ET.SubElement(case, "failure", message=g.detail, type="GateFailed")
            failure.text = g.detail + (f"\ncause: {g.cause}" if g.cause else "")
        elif g.held is not None:  # neither passed nor failed
            ET.SubElement(case, "skipped", message=g.held.why)
        elif g.segments:
            ET.SubElement(case, "system-out").text = g.detail
    out = ET.SubElement(suite, "system-out")
    out.text = "\n".join(f"[{f.severity}] {f.title}: {f.detail}" for f in report.findings)
    for el in suites.iter():  # every text the tree holds (names, details, causes, findings) comes from input
        el.attrib = {k: xml_text(v) for k, v in el.attrib.items()}
        if el.text:
            el.text = xml_text(el.text)
    ET.indent(suites)
    return ET.tostring(suites, encoding="utf-8", xml_declaration=True) + b"\n"
