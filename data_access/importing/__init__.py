"""Importing spreadsheet exports: read a file, map and check its rows, store the good ones and keep the bad ones."""
