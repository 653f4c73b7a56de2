// Package golden holds the lines the real boto RequestLogger wrote, for the
// tests of every package that writes or reads them. boto-lines.json is a copy
// of the project's shared/golden/boto-lines.json; its README tells how boto
// produced them.
package golden
