[assembly: Parallelize(Scope = ExecutionScope.ClassLevel)]

// The engine is internal: test classes whose cases are its types (a cell, a head) are internal too, and found.
[assembly: DiscoverInternals]
