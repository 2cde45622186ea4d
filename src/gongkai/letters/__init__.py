"""Letters (告知书) of the request workflow, as DOCX from templates an agency can edit.

The public surface: ``services`` (letter_issue, letter_template_upload, letter_number_next, …),
``selectors`` (listing), ``context`` (the documented context schema), ``basis`` (the legal
basis of every outcome) and ``render`` (template + context → DOCX bytes).
"""
