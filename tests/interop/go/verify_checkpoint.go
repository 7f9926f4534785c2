// Command verify_checkpoint fetches a C2SP checkpoint over HTTP and verifies it with
// golang.org/x/mod/sumdb/note, an implementation of the signed-note spec that is not ours.
//
// Usage: verify_checkpoint VKEY URL
//
// It prints the verified note text and exits 0, or prints the error and exits 1.
// Built in GOPATH mode against Debian's golang-golang-x-mod-dev (no module proxy needed).
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"

	"golang.org/x/mod/sumdb/note"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: verify_checkpoint VKEY URL")
		os.Exit(2)
	}
	verifier, err := note.NewVerifier(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bad verifier key:", err)
		os.Exit(2)
	}
	resp, err := http.Get(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "fetch:", err)
		os.Exit(1)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		fmt.Fprintln(os.Stderr, "fetch: status", resp.StatusCode, err)
		os.Exit(1)
	}
	n, err := note.Open(body, note.VerifierList(verifier))
	if err != nil {
		fmt.Fprintln(os.Stderr, "not verified:", err)
		os.Exit(1)
	}
	fmt.Print(n.Text)
	for _, sig := range n.Sigs {
		fmt.Printf("verified-by %s %08x\n", sig.Name, sig.Hash)
	}
}
