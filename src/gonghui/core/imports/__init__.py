"""Spreadsheet imports: one framework, a small spec per kind of record.

    readers   .xlsx/.xls (python-calamine, row by row) and .csv (UTF-8 with or without BOM, GBK/GB18030)
    headers   the header row under title rows, header synonyms, the proposed column mapping
    cells     cleaners for office cells: text, ID numbers, dates, sex, money, yes/no, choices
    spec      ImportSpec / Field / Row / ImportContext / CommitCounts: what an app declares
    registry  register(spec); apps' ``<app>/imports.py`` modules are discovered on first use
    engine    the validate and commit passes (batches, in-file duplicates, capped report)
    services  import_upload / import_set_mapping / import_validate / import_commit / purge
    bulk      helpers for commit_rows: change only what differs, audit bulk writes
    sheets    the template and the error report workbooks
    api, views, forms, urls, queries, tasks: the API under /api/v1/imports/, the pages under /imports/

Bounded memory (stream, never a list of the sheet) is measured by the benchmarks under ``bench/``,
not by tests.
"""
