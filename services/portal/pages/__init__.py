"""The portal's pages: one module per page or form, each a small router."""
