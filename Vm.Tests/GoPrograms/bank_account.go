package main

import (
	"errors"
	"fmt"
)

var ErrInsufficient = errors.New("insufficient funds")

type Account struct {
	owner   string
	balance int
	history []string
}

func NewAccount(owner string) *Account { return &Account{owner: owner} }

func (a *Account) Deposit(n int) {
	a.balance += n
	a.history = append(a.history, fmt.Sprintf("+%d", n))
}

func (a *Account) Withdraw(n int) error {
	if n > a.balance {
		return fmt.Errorf("withdraw %d from %s: %w", n, a.owner, ErrInsufficient)
	}
	a.balance -= n
	a.history = append(a.history, fmt.Sprintf("-%d", n))
	return nil
}

func (a Account) String() string { return fmt.Sprintf("%s: %d %v", a.owner, a.balance, a.history) }

func transfer(from, to *Account, n int) error {
	if err := from.Withdraw(n); err != nil {
		return err
	}
	to.Deposit(n)
	return nil
}

func main() {
	alice, bob := NewAccount("alice"), NewAccount("bob")
	alice.Deposit(100)
	if err := transfer(alice, bob, 30); err != nil {
		fmt.Println(err)
	}
	err := transfer(bob, alice, 50)
	fmt.Println(err, errors.Is(err, ErrInsufficient))
	fmt.Println(alice)
	fmt.Println(*bob)
	fmt.Printf("%v|%s\n", alice, bob)
}
