"""The shared kernel: what every part of the portal uses, written once.

- `errors`: one domain error (a message, and the form field it belongs to).
- `states`: one way to declare a state machine and record its history.
- `forms`: one helper that shows a domain error on a form; the GOV.UK date input.
- `csvfiles`: one CSV writer with spreadsheet-formula safety.
- `money`: exact pounds and pence, and one formatter.
- `locks`: one run-once lock for periodic tasks.
- `slugs`: one unique-slug helper.
"""
