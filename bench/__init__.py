"""The CSPR benchmark (`make bench`): a national-scale dataset and side-by-side measurements."""
