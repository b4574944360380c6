"""Retailer and product data sources, each one module, discovered through entry points."""
