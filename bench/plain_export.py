"""The yardstick for `doorstroom export`: sqlite3 and csv.writer writing the
same rows (same selection, same columns from the database), nothing more."""

import csv
import sqlite3
import sys

connection = sqlite3.connect(sys.argv[1])
rows = connection.execute(
    """
    SELECT s.id, s.dwelling_code, s.start, date(s.start, '+42 days'), c.closed_on,
           c.destination, a.alternative, a.adults, a.children, a.urgency, a.registered,
           (SELECT count(*) FROM extensions e WHERE e.stay_id = s.id)
    FROM stays s
    JOIN applications a ON a.id = s.application_id
    LEFT JOIN closures c ON c.application_id = s.application_id
    ORDER BY s.start, s.id
    """
)
with open(sys.argv[2], "w", newline="", encoding="utf-8-sig") as target:
    writer = csv.writer(target, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow(row)
