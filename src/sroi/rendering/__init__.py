"""The renderers behind :mod:`sroi.formatting`, one module per kind of output.

* :mod:`sroi.rendering.tables`: numbers, aligned text tables and the names of routes and states;
* :mod:`sroi.rendering.unverified`: which rule values a report used that are not verified;
* :mod:`sroi.rendering.text`: a report as text (what ``sroi report`` prints);
* :mod:`sroi.rendering.html`: a report as HTML, for notebooks;
* :mod:`sroi.rendering.data`: a report as plain data, for JSON.

Import the names from :mod:`sroi.formatting`; these modules are how it is built.
"""
