// Package location reads the "location" key of the requestlog exporter and
// receiver: the IANA time zone of the log's time column.
package location
