"""``manage.py reindex``: rebuild the search index from the published documents (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from gongkai.search.services import reindex_documents


class Command(BaseCommand):
    help = "重建全文检索索引：清空后重新索引所有已发布的公开信息（可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="只重建这个机关（代码）的文件；默认全部")

    def handle(self, *args, agency: str | None = None, **options):
        from gongkai.disclosure.models import Document

        documents = Document.objects.public().order_by("pk")
        if agency:
            documents = documents.filter(agency__code=agency)
        count = reindex_documents(documents.iterator(chunk_size=2000), agency_code=agency)
        self.stdout.write(self.style.SUCCESS(f"已索引 {count} 份已发布的文件。"))
