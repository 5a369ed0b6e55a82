"""The feedback service's read models."""

from sqlalchemy import MetaData

from shared.enquiry_directory import directory_table

metadata = MetaData()
enquiry_directory = directory_table(metadata)
