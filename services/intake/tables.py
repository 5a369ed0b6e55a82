"""Intake's read models, kept in the same transaction as its appends."""

from sqlalchemy import MetaData

from shared.enquiry_directory import directory_table

metadata = MetaData()
enquiry_directory = directory_table(metadata)
