package main

import "strconv"

// humanBytes prints a number of bytes for a table: exactly below 1024
// ("77 B"), else with one decimal in binary units ("9.2 MiB", "8.0 EiB").
func humanBytes(n int64) string {
	if n < 1024 {
		return strconv.FormatInt(n, 10) + " B"
	}
	const units = "KMGTPE"
	v := float64(n) / 1024
	i := 0
	for v >= 1023.95 && i < len(units)-1 {
		v /= 1024
		i++
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " " + units[i:i+1] + "iB"
}
