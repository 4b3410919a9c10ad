#!/bin/sh
# Daily backup with retention (docs/deploy.md, "Backups"): run by hromada-backup.service or cron.
# A backup made on the 1st of a month is kept 13 months, every other one 14 days. DATABASE_URL names
# the database (the owner role on PostgreSQL); BACKUP_DIR where the files go (default /var/backups/hromada).
set -eu
cd "$(dirname "$0")/.."
dir="${BACKUP_DIR:-/var/backups/hromada}"
mkdir -p "$dir"
kind=daily
[ "$(date +%d)" = "01" ] && kind=monthly
out="$dir/hromada-$(date +%Y-%m-%d)-$kind.backup"
.venv/bin/python -m data_access backup --out "$out"
.venv/bin/python -m data_access verify-audit
find "$dir" -name 'hromada-*-daily.backup*' -mtime +14 -delete
find "$dir" -name 'hromada-*-monthly.backup*' -mtime +400 -delete
