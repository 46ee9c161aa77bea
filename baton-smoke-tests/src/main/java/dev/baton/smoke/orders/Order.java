package dev.baton.smoke.orders;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An order as stored: its number, and the price quoted for it. */
@Entity
@Table(name = "orders")
public class Order {

  @Id @GeneratedValue private Long id;

  private int number;

  private String price;

  protected Order() {}

  Order(int number, String price) {
    this.number = number;
    this.price = price;
  }

  public Long getId() {
    return id;
  }

  public int getNumber() {
    return number;
  }

  public String getPrice() {
    return price;
  }
}
