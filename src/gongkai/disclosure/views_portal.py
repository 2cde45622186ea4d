"""Public pages of proactive disclosure: the agency's catalogue, documents, full-text search, guide.

Thin views: queries are the small read functions at the top of this module (explicit
``select_related``/``prefetch_related``; they could move to ``disclosure/selectors.py``), search is
``gongkai.search.selectors.search``. Only published documents (``Document.objects.public()``) are
ever shown. Each page counts one visit with ``visits.record_visit`` (no personal data stored).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import agency_get
from gongkai.annual_report.format import CURRENT
from gongkai.reports.selectors import published_report_years
from gongkai.search.selectors import PER_PAGE, filter_choices, search
from gongkai.search.text import Piece, excerpt

from .models import Attachment, CatalogueColumn, Document, DocumentStatus, Validity
from .sanitize import plain_text, safe_body
from .visits import record_visit

logger = logging.getLogger(__name__)

GUIDE_COLUMN = "guide"  # the default catalogue's 公开指南 column (services.DEFAULT_COLUMNS)
APPLY_PATH = "/apply/"  # gongkai.applications' public pages
LATEST_COUNT = 10


# --- reads ---------------------------------------------------------------------------------------


def _agency_or_404(code: str) -> Agency:
    agency = agency_get(code)
    if agency is None:
        raise Http404(_("没有找到这个机关。"))
    return agency


def _public_documents():
    return Document.objects.public().select_related("agency", "column")


def _catalogue(agency) -> list[CatalogueColumn]:
    """The agency's top-level columns with their children, each with its count of published documents."""
    counted = CatalogueColumn.objects.filter(agency=agency).annotate(
        public_count=Count("documents", filter=Q(documents__status=DocumentStatus.PUBLISHED))
    )
    return list(
        counted.filter(parent__isnull=True)
        .order_by("order", "pk")
        .prefetch_related(Prefetch("children", queryset=counted.order_by("order", "pk"), to_attr="subcolumns"))
    )


def _column_or_404(agency, code: str) -> CatalogueColumn:
    column = (
        CatalogueColumn.objects.filter(agency=agency, code=code)
        .select_related("parent")
        .prefetch_related(Prefetch("children", queryset=CatalogueColumn.objects.order_by("order", "pk")))
        .first()
    )
    if column is None:
        raise Http404(_("没有找到这个栏目。"))
    return column


def _document_or_404(agency, document_id: int) -> Document:
    document = (
        _public_documents()
        .filter(agency=agency, pk=document_id)
        .select_related("interprets")
        .prefetch_related(
            "attachments",
            Prefetch("interpretations", queryset=Document.objects.public().order_by("-published_on", "-pk")),
        )
        .first()
    )
    if document is None:
        raise Http404(_("没有找到这份公开信息，或者它已不再公开。"))
    return document


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _page_number(request) -> int:
    return max(1, _int_or_none(request.GET.get("page")) or 1)


def _count_visit(request, agency, group: str) -> None:
    try:
        record_visit(request, agency=agency, group=group)
    except Exception:
        logger.exception("counting a visit failed")


# --- pages ---------------------------------------------------------------------------------------


def disclosure_home(request, agency_code: str):
    agency = _agency_or_404(agency_code)
    latest = list(_public_documents().filter(agency=agency).order_by("-published_on", "-pk")[:LATEST_COUNT])
    _count_visit(request, agency, "disclosure")
    return render(
        request,
        "disclosure/portal_home.html",
        {
            "agency": agency,
            "catalogue": _catalogue(agency),
            "latest": latest,
            "report_years": published_report_years(agency)[:3],
            "apply_url": APPLY_PATH,
        },
    )


@dataclass(frozen=True)
class ListFilters:
    year: int | None
    issuing_body: str
    validity: str

    @classmethod
    def from_request(cls, request) -> ListFilters:
        validity = request.GET.get("validity", "")
        return cls(
            year=_int_or_none(request.GET.get("year")),
            issuing_body=request.GET.get("issuing_body", "").strip()[:200],
            validity=validity if validity in Validity.values else "",
        )

    def query_string(self) -> str:
        from urllib.parse import urlencode

        pairs = {"year": self.year or "", "issuing_body": self.issuing_body, "validity": self.validity}
        return urlencode({key: value for key, value in pairs.items() if value})


def column(request, agency_code: str, column_code: str):
    agency = _agency_or_404(agency_code)
    current = _column_or_404(agency, column_code)
    filters = ListFilters.from_request(request)
    column_ids = [current.pk, *(child.pk for child in current.children.all())]
    documents = _public_documents().filter(agency=agency, column_id__in=column_ids)
    choices = {
        "years": sorted({day.year for day in documents.dates("published_on", "year")}, reverse=True),
        "issuing_bodies": sorted(set(documents.exclude(issuing_body="").values_list("issuing_body", flat=True))),
    }
    if filters.year:
        documents = documents.filter(published_on__year=filters.year)
    if filters.issuing_body:
        documents = documents.filter(issuing_body=filters.issuing_body)
    if filters.validity:
        documents = documents.filter(validity=filters.validity)
    page = Paginator(documents.order_by("-published_on", "-pk"), PER_PAGE).get_page(_page_number(request))
    _count_visit(request, agency, "disclosure")
    return render(
        request,
        "disclosure/portal_column.html",
        {
            "agency": agency,
            "column": current,
            "catalogue": _catalogue(agency),
            "page": page,
            "filters": filters,
            "choices": choices,
            "validity_choices": Validity.choices,
        },
    )


def document(request, agency_code: str, document_id: int):
    agency = _agency_or_404(agency_code)
    item = _document_or_404(agency, document_id)
    interprets = item.interprets if item.interprets is not None and item.interprets.is_public else None
    _count_visit(request, agency, "document")
    return render(
        request,
        "disclosure/portal_document.html",
        {
            "agency": agency,
            "document": item,
            "body": safe_body(item.body),
            "attachments": list(item.attachments.all()),
            "interpretations": list(item.interpretations.all()),
            "interprets": interprets,
        },
    )


def document_by_index_number(request, agency_code: str, index_number: str):
    agency = _agency_or_404(agency_code)
    found = Document.objects.public().filter(agency=agency, index_number=index_number).values_list("pk", flat=True)
    if not found:
        raise Http404(_("没有找到索引号为“%(number)s”的公开信息。") % {"number": index_number})
    return redirect("disclosure_portal:document", agency_code=agency.code, document_id=found[0])


def attachment_download(request, agency_code: str, document_id: int, attachment_id: int):
    agency = _agency_or_404(agency_code)
    attachment = (
        Attachment.objects.filter(
            pk=attachment_id,
            document_id=document_id,
            document__agency=agency,
            document__status=DocumentStatus.PUBLISHED,
        )
        .only("file", "filename", "media_type")
        .first()
    )
    if attachment is None:
        raise Http404(_("没有找到这个附件。"))
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.filename, content_type=attachment.media_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@dataclass(frozen=True)
class ResultRow:
    document: Document
    excerpt: list[Piece]


def _search_page(request, *, agency: Agency | None):
    query = request.GET.get("q", "").strip()
    columns = list(CatalogueColumn.objects.filter(agency=agency).order_by("order", "pk")) if agency else []
    column_id = _int_or_none(request.GET.get("column"))
    column_ids: list[int] = []
    if column_id is not None and agency is not None:
        chosen = next((c for c in columns if c.pk == column_id), None)
        if chosen is not None:
            column_ids = [chosen.pk, *(c.pk for c in columns if c.parent_id == chosen.pk)]
    filters = ListFilters.from_request(request)
    results = search(
        query,
        agency_id=agency.pk if agency else None,
        column_ids=column_ids,
        year=filters.year,
        issuing_body=filters.issuing_body,
        validity=filters.validity,
        page=_page_number(request),
    )
    documents = _public_documents().in_bulk(results.document_ids)
    rows = [
        ResultRow(documents[hit.document_id], excerpt(plain_text(documents[hit.document_id].body), results.words))
        for hit in results.hits
        if hit.document_id in documents  # the index is a cache: never show what is not public now
    ]
    params = request.GET.copy()
    params.pop("page", None)
    _count_visit(request, agency, "search")
    return render(
        request,
        "disclosure/portal_search.html",
        {
            "agency": agency,
            "query": query,
            "results": results,
            "rows": rows,
            "filters": filters,
            "column_id": column_id if column_ids else None,
            "columns": columns,
            "choices": filter_choices(agency_id=agency.pk if agency else None),
            "validity_choices": Validity.choices,
            "page_query": params.urlencode(),
            "action": reverse("disclosure_portal:search", args=[agency.code])
            if agency
            else reverse("disclosure_portal:search_all"),
        },
    )


def search_agency(request, agency_code: str):
    return _search_page(request, agency=_agency_or_404(agency_code))


def search_all(request):
    return _search_page(request, agency=None)


def guide(request, agency_code: str):
    agency = _agency_or_404(agency_code)
    item = (
        _public_documents()
        .filter(agency=agency, column__code=GUIDE_COLUMN)
        .prefetch_related("attachments")
        .order_by("-published_on", "-pk")
        .first()
    )
    _count_visit(request, agency, "disclosure")
    return render(
        request,
        "disclosure/portal_guide.html",
        {"agency": agency, "document": item, "body": safe_body(item.body) if item else "", "apply_url": APPLY_PATH},
    )


def annual_reports(request, agency_code: str):
    agency = _agency_or_404(agency_code)
    _count_visit(request, agency, "disclosure")
    return render(
        request,
        "disclosure/portal_annual_reports.html",
        {"agency": agency, "years": published_report_years(agency)},
    )


def complain(request, agency_code: str):
    agency = _agency_or_404(agency_code)
    appeals = CURRENT.table("appeals")
    return render(
        request,
        "disclosure/portal_complain.html",
        {
            "agency": agency,
            "apply_url": APPLY_PATH,
            # Both are labels of the national format (table 四): read, never typed.
            "reconsideration": appeals.row("reconsideration").path[0],
            "litigation": appeals.row("litigation_direct").path[0],
        },
    )
