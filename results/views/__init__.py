"""The published results' pages:

- ``barometer``: the committee's barometer, its export and publication, the public page;
- ``palmares``: the committee's palmarès, the public ranking, the method, a company's
  own score;
- ``scorecards``: the signatories' scorecards, their publication and public pages;
- ``publication``: the publish preview and confirmation, the list of publications and
  their withdrawal.
"""
