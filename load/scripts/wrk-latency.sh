# Sourced by the benchmark scripts in this folder: reading `wrk --latency` output.

# wrk_ms FILE PERCENTILE [DECIMALS] — the latency wrk reported at PERCENTILE ("50%", "99%"), in milliseconds.
# wrk prints 812.00us, 101.23ms, 1.02s or 1.50m.
wrk_ms() {
  awk -v p="$2" -v d="${3:-3}" '$1 == p {
    n = $2 + 0; unit = $2; sub(/^[0-9.]+/, "", unit)
    if (unit == "us") n /= 1000; else if (unit == "s") n *= 1000; else if (unit == "m") n *= 60000
    printf ("%." d "f"), n }' "$1"
}
