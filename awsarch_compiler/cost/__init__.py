"""Offline monthly cost estimate of a compiled architecture.

:func:`~.estimate.estimate` walks the resources the compiler generates (the
generation context) and prices each with the vendored, dated price table
``prices.json`` (:mod:`.prices`); what each costs depends on the component's
``usage:`` (requests, GB, hours), whose defaults the estimate prints as its
assumptions. One module per family of resources: :mod:`.compute`,
:mod:`.data`, :mod:`.edge`, :mod:`.platform`. ``scripts/refresh_prices.py``
refreshes the table from the public AWS price list files.
"""
