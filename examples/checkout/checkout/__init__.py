"""A small shop's checkout: pricing, discounts, stock and refunds (``domain``), and its missions (``missions``)."""
