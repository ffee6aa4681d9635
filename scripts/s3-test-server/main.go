// s3-test-server: an S3-compatible server on loopback for the storage tests (gofakes3, MIT, in memory).
// It is a test fixture only: no authentication, no persistence. Usage:
//
//	s3-test-server -addr 127.0.0.1:0 -bucket gotong
//
// It prints "listening http://127.0.0.1:<port>" on stdout once it accepts connections.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on (port 0 picks a free one)")
	bucket := flag.String("bucket", "", "a bucket to create at start")
	flag.Parse()

	backend := s3mem.New()
	if *bucket != "" {
		if err := backend.CreateBucket(*bucket); err != nil {
			log.Fatalf("create bucket %s: %v", *bucket, err)
		}
	}
	faker := gofakes3.New(backend)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("listen %s: %v", *addr, err)
	}
	fmt.Fprintf(os.Stdout, "listening http://%s\n", ln.Addr().String())
	log.Fatal(http.Serve(ln, faker.Server()))
}
