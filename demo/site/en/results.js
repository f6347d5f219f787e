// Builds the patient results page in the browser, as many sites' JavaScript frameworks do:
// a crawler that does not run scripts sees an empty page.
(function () {
  var content = {
    title: 'Patient results with mesotherapy',
    intro: 'Every week, patients share their experience of mesotherapy at our clinic.',
    sections: [
      { heading: 'Body contouring', text: 'Our fat-dissolving injections are FDA approved, and mesotherapy melts away cellulite for good.' },
      { heading: 'Our promise', text: 'Visible mesotherapy results after one session, guaranteed.' },
      { heading: 'Testimonial', text: '“My thighs look smoother than ever.” — Anna, 38 (fictional)' }
    ]
  };
  var app = document.getElementById('app');
  var header = document.createElement('header');
  header.className = 'site';
  var brand = document.createElement('span');
  brand.className = 'brand';
  brand.textContent = 'Tilleuls Clinic';
  var nav = document.createElement('nav');
  [['./', 'Home'], ['results.html', 'Patient results'], ['risks.html', 'Risks'], ['../', 'Français']].forEach(function (l) {
    var a = document.createElement('a');
    a.href = l[0];
    a.textContent = l[1];
    nav.appendChild(a);
  });
  header.appendChild(brand);
  header.appendChild(nav);
  var main = document.createElement('main');
  var h1 = document.createElement('h1');
  h1.textContent = content.title;
  var intro = document.createElement('p');
  intro.className = 'lead';
  intro.textContent = content.intro;
  main.appendChild(h1);
  main.appendChild(intro);
  content.sections.forEach(function (s) {
    var h2 = document.createElement('h2');
    h2.textContent = s.heading;
    var p = document.createElement('p');
    p.textContent = s.text;
    main.appendChild(h2);
    main.appendChild(p);
  });
  var footer = document.createElement('footer');
  footer.textContent = 'A fictional demo site for claimscan — none of these statements come from a real website.';
  app.appendChild(header);
  app.appendChild(main);
  app.appendChild(footer);
})();
