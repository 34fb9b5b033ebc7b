// Command go-verifier checks a hitos transparency log with Go's own code, not hitos's: signed
// checkpoints with golang.org/x/mod/sumdb/note, leaf hashes, inclusion and consistency proofs
// with golang.org/x/mod/sumdb/tlog. Only the C2SP checkpoint body (origin, size, root) is
// parsed here, because tlog.ParseTree reads the go.sum database's header instead.
//
// It reads one JSON document on stdin:
//
//	{
//	  "verifierKeys": ["<name>+<id>+<key>", ...],   // every key must sign every checkpoint
//	  "checkpoints":  ["<signed note>", ...],
//	  "leaves":       [{"index": 0, "data": "<base64 leaf bytes>", "hash": "<base64>"}],
//	  "inclusion":    [{"leafIndex": 0, "treeSize": 7, "leaf": "<base64 leaf bytes>",
//	                    "leafHash": "<base64>", "proof": ["<base64>", ...]}],
//	  "consistency":  [{"from": 3, "to": 7, "rootFrom": "<base64>", "rootTo": "<base64>",
//	                    "proof": ["<base64>", ...]}]
//	}
//
// An inclusion proof is checked against the root of the verified checkpoint of its tree size;
// a consistency proof's roots must equal those of verified checkpoints of the same sizes, when
// there are any. It prints a JSON report and exits 1 if any check failed, 2 on unreadable input.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type input struct {
	VerifierKeys []string      `json:"verifierKeys"`
	Checkpoints  []string      `json:"checkpoints"`
	Leaves       []leaf        `json:"leaves"`
	Inclusion    []inclusion   `json:"inclusion"`
	Consistency  []consistency `json:"consistency"`
}

type leaf struct {
	Index int64  `json:"index"`
	Data  string `json:"data"`
	Hash  string `json:"hash"`
}

type inclusion struct {
	LeafIndex int64    `json:"leafIndex"`
	TreeSize  int64    `json:"treeSize"`
	Leaf      string   `json:"leaf"`
	LeafHash  string   `json:"leafHash"`
	Proof     []string `json:"proof"`
}

type consistency struct {
	From     int64    `json:"from"`
	To       int64    `json:"to"`
	RootFrom string   `json:"rootFrom"`
	RootTo   string   `json:"rootTo"`
	Proof    []string `json:"proof"`
}

type checkpoint struct {
	Origin   string   `json:"origin"`
	Size     int64    `json:"size"`
	Root     string   `json:"root"`
	SignedBy []string `json:"signedBy"`
}

type failure struct {
	Check string `json:"check"`
	Error string `json:"error"`
}

type report struct {
	OK          bool           `json:"ok"`
	Checkpoints []checkpoint   `json:"checkpoints"`
	Checked     map[string]int `json:"checked"`
	Failures    []failure      `json:"failures"`
}

func main() {
	var in input
	decoder := json.NewDecoder(os.Stdin)
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(&in); err != nil {
		fmt.Fprintf(os.Stderr, "go-verifier: unreadable input: %v\n", err)
		os.Exit(2)
	}
	out := run(in)
	encoded, _ := json.Marshal(out)
	fmt.Println(string(encoded))
	if !out.OK {
		os.Exit(1)
	}
}

func run(in input) report {
	out := report{Checkpoints: []checkpoint{}, Checked: map[string]int{}, Failures: []failure{}}
	fail := func(check string, err error) {
		out.Failures = append(out.Failures, failure{check, err.Error()})
	}

	var verifiers []note.Verifier
	for i, key := range in.VerifierKeys {
		v, err := note.NewVerifier(key)
		if err != nil {
			fail(fmt.Sprintf("verifierKeys[%d]", i), err)
			continue
		}
		verifiers = append(verifiers, v)
	}

	roots := map[int64]tlog.Hash{}
	for i, text := range in.Checkpoints {
		check := fmt.Sprintf("checkpoints[%d]", i)
		cp, root, err := openCheckpoint(text, verifiers)
		if err != nil {
			fail(check, err)
			continue
		}
		if other, seen := roots[cp.Size]; seen && other != root {
			fail(check, fmt.Errorf("two checkpoints of size %d with different roots", cp.Size))
			continue
		}
		roots[cp.Size] = root
		out.Checkpoints = append(out.Checkpoints, cp)
		out.Checked["checkpoints"]++
	}

	for i, l := range in.Leaves {
		check := fmt.Sprintf("leaves[%d]", i)
		data, err := base64.StdEncoding.DecodeString(l.Data)
		if err != nil {
			fail(check, fmt.Errorf("leaf data: %v", err))
			continue
		}
		want, err := tlog.ParseHash(l.Hash)
		if err != nil {
			fail(check, err)
			continue
		}
		if got := tlog.RecordHash(data); got != want {
			fail(check, fmt.Errorf("leaf %d: RecordHash(data) = %v, not %v", l.Index, got, want))
			continue
		}
		out.Checked["leaves"]++
	}

	for i, p := range in.Inclusion {
		check := fmt.Sprintf("inclusion[%d]", i)
		if err := checkInclusion(p, roots); err != nil {
			fail(check, err)
			continue
		}
		out.Checked["inclusion"]++
	}

	for i, p := range in.Consistency {
		check := fmt.Sprintf("consistency[%d]", i)
		if err := checkConsistency(p, roots); err != nil {
			fail(check, err)
			continue
		}
		out.Checked["consistency"]++
	}

	out.OK = len(out.Failures) == 0
	return out
}

// openCheckpoint verifies a signed checkpoint with note.Open, requires a verified signature by
// every verifier, and parses the C2SP body.
func openCheckpoint(text string, verifiers []note.Verifier) (checkpoint, tlog.Hash, error) {
	n, err := note.Open([]byte(text), note.VerifierList(verifiers...))
	if err != nil {
		return checkpoint{}, tlog.Hash{}, err
	}
	var signedBy []string
	for _, v := range verifiers {
		signed := false
		for _, sig := range n.Sigs {
			if sig.Name == v.Name() && sig.Hash == v.KeyHash() {
				signed = true
			}
		}
		if !signed {
			return checkpoint{}, tlog.Hash{}, fmt.Errorf("not signed by %s+%08x", v.Name(), v.KeyHash())
		}
		signedBy = append(signedBy, fmt.Sprintf("%s+%08x", v.Name(), v.KeyHash()))
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 || lines[0] == "" {
		return checkpoint{}, tlog.Hash{}, errors.New("checkpoint body: origin, size and root expected")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return checkpoint{}, tlog.Hash{}, fmt.Errorf("checkpoint body: bad tree size %q", lines[1])
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		return checkpoint{}, tlog.Hash{}, fmt.Errorf("checkpoint body: root: %v", err)
	}
	for _, extension := range lines[3:] {
		if extension == "" {
			return checkpoint{}, tlog.Hash{}, errors.New("checkpoint body: empty extension line")
		}
	}
	return checkpoint{lines[0], size, root.String(), signedBy}, root, nil
}

func checkInclusion(p inclusion, roots map[int64]tlog.Hash) error {
	root, ok := roots[p.TreeSize]
	if !ok {
		return fmt.Errorf("no verified checkpoint of size %d", p.TreeSize)
	}
	var leafHash tlog.Hash
	switch {
	case p.Leaf != "":
		data, err := base64.StdEncoding.DecodeString(p.Leaf)
		if err != nil {
			return fmt.Errorf("leaf data: %v", err)
		}
		leafHash = tlog.RecordHash(data)
		if p.LeafHash != "" {
			given, err := tlog.ParseHash(p.LeafHash)
			if err != nil || !bytes.Equal(given[:], leafHash[:]) {
				return errors.New("leafHash is not RecordHash(leaf)")
			}
		}
	case p.LeafHash != "":
		h, err := tlog.ParseHash(p.LeafHash)
		if err != nil {
			return fmt.Errorf("leafHash: %v", err)
		}
		leafHash = h
	default:
		return errors.New("neither leaf nor leafHash")
	}
	proof, err := parseHashes(p.Proof)
	if err != nil {
		return err
	}
	return tlog.CheckRecord(tlog.RecordProof(proof), p.TreeSize, root, p.LeafIndex, leafHash)
}

func checkConsistency(p consistency, roots map[int64]tlog.Hash) error {
	rootFrom, err := tlog.ParseHash(p.RootFrom)
	if err != nil {
		return fmt.Errorf("rootFrom: %v", err)
	}
	rootTo, err := tlog.ParseHash(p.RootTo)
	if err != nil {
		return fmt.Errorf("rootTo: %v", err)
	}
	if root, ok := roots[p.From]; ok && root != rootFrom {
		return fmt.Errorf("rootFrom is not the root of the checkpoint of size %d", p.From)
	}
	if root, ok := roots[p.To]; ok && root != rootTo {
		return fmt.Errorf("rootTo is not the root of the checkpoint of size %d", p.To)
	}
	proof, err := parseHashes(p.Proof)
	if err != nil {
		return err
	}
	return tlog.CheckTree(tlog.TreeProof(proof), p.To, rootTo, p.From, rootFrom)
}

func parseHashes(texts []string) ([]tlog.Hash, error) {
	hashes := make([]tlog.Hash, len(texts))
	for i, text := range texts {
		h, err := tlog.ParseHash(text)
		if err != nil {
			return nil, fmt.Errorf("proof[%d]: %v", i, err)
		}
		hashes[i] = h
	}
	return hashes, nil
}
