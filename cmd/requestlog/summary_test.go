package main

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestQuantileMatchesSort checks the compact durations and the multi-group
// quantile search against sorting every value, nearest rank.
func TestQuantileMatchesSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		ngroups := 1 + rng.IntN(5)
		gs := make([]*durations, ngroups)
		var all []int64
		for i := range gs {
			gs[i] = &durations{}
			for range rng.IntN(50) {
				var v int64
				switch rng.IntN(6) {
				case 0:
					v = -rng.Int64N(1e9)
				case 1:
					v = math.MaxUint32 + rng.Int64N(1e12)
				case 2:
					v = math.MaxUint32 - rng.Int64N(3)
				case 3:
					v = rng.Int64N(10) // many ties
				default:
					v = rng.Int64N(5e6)
				}
				gs[i].add(v)
				all = append(all, v)
			}
			gs[i].sort()
		}
		slices.Sort(all)
		for _, q := range []float64{0, 0.01, 0.5, 0.9, 0.99, 1} {
			want := int64(0)
			if len(all) > 0 {
				want = all[rank(q, len(all))-1]
			}
			if got := quantile(gs, q); got != want {
				t.Fatalf("trial %d q %v: got %d, want %d (values %v)", trial, q, got, want, all)
			}
		}
	}
}

func TestRank(t *testing.T) {
	for _, tt := range []struct {
		q    float64
		n    int
		want int
	}{{0.5, 1, 1}, {0.5, 2, 1}, {0.5, 3, 2}, {0.9, 10, 9}, {0.99, 100, 99}, {0.99, 101, 100}, {1, 7, 7}, {0, 7, 1}} {
		if got := rank(tt.q, tt.n); got != tt.want {
			t.Errorf("rank(%v, %d) = %d, want %d", tt.q, tt.n, got, tt.want)
		}
	}
}

func TestFormatSeconds(t *testing.T) {
	for us, want := range map[int64]string{0: "0.000000", 1: "0.000001", 791542: "0.791542", 1728000250000: "1728000.250000", -500000: "-0.500000", math.MinInt64: "-9223372036854.775807"} {
		if got := formatSeconds(us); got != want {
			t.Errorf("formatSeconds(%d) = %q, want %q", us, got, want)
		}
	}
}

func TestAddSat(t *testing.T) {
	if got := addSat(math.MaxInt64-1, 5); got != math.MaxInt64 {
		t.Errorf("got %d", got)
	}
	if got := addSat(2, 3); got != 5 {
		t.Errorf("got %d", got)
	}
}
