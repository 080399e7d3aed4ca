"""The followup app's views, one module per part of the site:

- ``space``: the company space (/espace/), a company's or a signatory's reports;
- ``dashboard``: the committee's dashboard (/suivi/), company and measure pages, the
  certification watch and the exports of its tables;
- ``review``: the review of submitted reports and the company's right of reply;
- ``applicability``: the committee's decisions on measures claimed not to apply;
- ``choices``: the campaign a page shows.
"""
