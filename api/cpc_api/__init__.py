"""The Litestar application of cpc-prosecution: a thin HTTP shell over the library."""
