"""The official TBX v3 schemas beside the clone (``../shared/schemas/tbx``, see its README.md) and a
Schematron validator for them; used by the glossary and report tests."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ipcorpus.terms.formats.tbx import TBX_NS

#: the official TBX schemas (shared/ beside the clone; see its README.md)
SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "tbx"
CORE_RNG = SCHEMAS / "TBXcoreStructV03.rng"
BASIC_SCH = SCHEMAS / "TBX-Basic_DCA.sch"
EXAMPLE = SCHEMAS / "Example_Astronomy_DCA_VALID.tbx"
NS = {"t": TBX_NS, "svrl": "http://purl.oclc.org/dsdl/svrl"}


class Schematron:
    """ISO Schematron with the ``xslt2`` query binding, run by Saxon-HE (saxonche).

    The schema is compiled by the ISO Schematron reference XSLT that lxml ships (include, abstract
    expansion, SVRL skeleton), with one template of ours, imported over it, that makes the skeleton
    emit an XSLT 2.0 stylesheet for ``queryBinding="xslt2"`` (it only knows XSLT 1): so the schema's
    XPath 2 (``matches()``, ``./local-name()``) is evaluated by an XSLT 3 processor.
    """

    def __init__(self, schema: Path) -> None:
        import lxml.isoschematron
        from saxonche import PySaxonProcessor

        xsl = Path(lxml.isoschematron.__file__).parent / "resources" / "xsl" / "iso-schematron-xslt1"
        binding = f"""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
              xmlns:iso="http://purl.oclc.org/dsdl/schematron">
          <xsl:import href="{(xsl / 'iso_svrl_for_xslt1.xsl').as_uri()}"/>
          <xsl:template match="iso:schema[@queryBinding='xslt2']" priority="20">
            <xsl:element name="xsl:stylesheet" namespace="http://www.w3.org/1999/XSL/Transform">
              <xsl:apply-templates select="iso:ns"/>
              <xsl:attribute name="version">2.0</xsl:attribute>
              <xsl:apply-templates select="." mode="stylesheetbody"/>
            </xsl:element>
          </xsl:template>
        </xsl:stylesheet>"""
        self.proc = PySaxonProcessor(license=False)
        xslt = self.proc.new_xslt30_processor()
        text = xslt.compile_stylesheet(stylesheet_file=str(xsl / "iso_dsdl_include.xsl")).transform_to_string(
            source_file=str(schema))
        for step in (xslt.compile_stylesheet(stylesheet_file=str(xsl / "iso_abstract_expand.xsl")),
                     xslt.compile_stylesheet(stylesheet_text=binding)):
            text = step.transform_to_string(xdm_node=self.proc.parse_xml(xml_text=text))
        self.compiled = text
        self.validator = xslt.compile_stylesheet(stylesheet_text=text)

    def svrl(self, doc: Path | bytes) -> etree._Element:
        if isinstance(doc, bytes):
            out = self.validator.transform_to_string(xdm_node=self.proc.parse_xml(xml_text=doc.decode("utf-8")))
        else:
            out = self.validator.transform_to_string(source_file=str(doc))
        return etree.fromstring(out.encode("utf-8"))

    def errors(self, doc: Path | bytes) -> list[str]:
        """The failed assertions and successful reports, ``location: message`` (none = valid)."""
        report = self.svrl(doc)
        return [f"{f.get('location')}: {' '.join(''.join(f.itertext()).split())}"
                for f in report.xpath("//svrl:failed-assert | //svrl:successful-report", namespaces=NS)]
