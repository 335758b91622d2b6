namespace WebDemo.Load.Results;

public sealed record ThresholdResult(string Expression, double Actual, bool Passed);
